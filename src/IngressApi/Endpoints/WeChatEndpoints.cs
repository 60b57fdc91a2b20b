using CustomerService.IngressApi.WeChat;

namespace CustomerService.IngressApi.Endpoints;

/// <summary>Routes of the Official Account callback: one URL per account, <c>/wechat/{appId}</c>.</summary>
public static class WeChatEndpoints
{
    public static IEndpointRouteBuilder MapWeChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/wechat");
        group.MapGet("/{appId}", (string appId, HttpRequest request, WeChatPushHandler handler) => handler.VerifyUrl(appId, request));
        group.MapPost("/{appId}", (string appId, HttpContext context, WeChatPushHandler handler) => handler.HandlePushAsync(appId, context));
        return endpoints;
    }
}
