using CustomerService.IngressApi.Admin;
using CustomerService.IngressApi.Records;

namespace CustomerService.IngressApi.Endpoints;

/// <summary>The operator APIs under <c>/api</c>, all behind <c>Admin:ApiKey</c>.</summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").RequireAuthorization(AdminServiceCollectionExtensions.Policy);
        api.MapGet("/status", StatusApi.GetAsync);
        api.MapGet("/conversations", ConversationRecordsApi.ListConversationsAsync);
        api.MapGet("/conversations/{key}/messages", ConversationRecordsApi.ListMessagesAsync);
        return endpoints;
    }
}
