namespace CustomerService.IngressApi.Records;

/// <summary>The body of a refused admin API request.</summary>
public sealed record ApiErrorResponse(string Error);
