namespace CustomerService.Simulator.WeChat.Api;

/// <summary>
/// A failure to reproduce on the next <see cref="Count"/> calls to <see cref="Endpoint"/> (only those to
/// <see cref="OpenId"/> when set). Faults apply in the order they were enqueued.
/// </summary>
public sealed record FakeWeChatFault
{
    /// <summary>The endpoint the fault targets.</summary>
    public required FakeWeChatEndpoint Endpoint { get; init; }

    /// <summary>What the fault does.</summary>
    public required FakeWeChatFaultKind Kind { get; init; }

    /// <summary>The <c>errcode</c> for <see cref="FakeWeChatFaultKind.ErrorCode"/>, the HTTP status for <see cref="FakeWeChatFaultKind.HttpStatus"/>.</summary>
    public int Code { get; init; }

    /// <summary>Only calls for this openid (send and typing); null matches every call.</summary>
    public string? OpenId { get; init; }

    /// <summary>How many matching calls it affects (at least 1).</summary>
    public int Count { get; init; } = 1;

    /// <summary>How many matching calls go through untouched before it applies (0: the next one), e.g. to hit the
    /// second part of a long answer.</summary>
    public int Skip { get; init; }

    /// <summary>A fault that answers an <c>errcode</c>.</summary>
    public static FakeWeChatFault Error(FakeWeChatEndpoint endpoint, int errorCode, int count = 1, string? openId = null) =>
        new() { Endpoint = endpoint, Kind = FakeWeChatFaultKind.ErrorCode, Code = errorCode, Count = count, OpenId = openId };

    /// <summary>A fault that answers an HTTP status.</summary>
    public static FakeWeChatFault Http(FakeWeChatEndpoint endpoint, int statusCode, int count = 1, string? openId = null) =>
        new() { Endpoint = endpoint, Kind = FakeWeChatFaultKind.HttpStatus, Code = statusCode, Count = count, OpenId = openId };

    /// <summary>A fault that answers HTTP 200 with a body that is not JSON.</summary>
    public static FakeWeChatFault NotJson(FakeWeChatEndpoint endpoint, int count = 1, string? openId = null) =>
        new() { Endpoint = endpoint, Kind = FakeWeChatFaultKind.NotJson, Count = count, OpenId = openId };

    /// <summary>A fault that holds the call until <see cref="FakeWeChatApiServer.ReleaseStalled"/>, then handles it.</summary>
    public static FakeWeChatFault Stall(FakeWeChatEndpoint endpoint, int count = 1, string? openId = null) =>
        new() { Endpoint = endpoint, Kind = FakeWeChatFaultKind.Stall, Count = count, OpenId = openId };

    /// <summary>A fault that drops the connection, before or after handling the call.</summary>
    public static FakeWeChatFault Drop(FakeWeChatEndpoint endpoint, bool afterHandling = false, int count = 1, string? openId = null) =>
        new()
        {
            Endpoint = endpoint,
            Kind = afterHandling ? FakeWeChatFaultKind.DropAfterHandling : FakeWeChatFaultKind.DropBeforeHandling,
            Count = count,
            OpenId = openId,
        };
}
