namespace CustomerService.Simulator.WeChat.Api;

/// <summary>What an injected <see cref="FakeWeChatFault"/> does to a matching call.</summary>
public enum FakeWeChatFaultKind
{
    /// <summary>Answer HTTP 200 with <c>{"errcode":Code}</c> instead of handling the call.</summary>
    ErrorCode,

    /// <summary>Answer with HTTP status <c>Code</c> (for example 500 or 503) instead of handling the call.</summary>
    HttpStatus,

    /// <summary>Answer HTTP 200 with an HTML page instead of JSON, as a captive proxy would.</summary>
    NotJson,

    /// <summary>Read the request, then drop the connection without handling it or answering.</summary>
    DropBeforeHandling,

    /// <summary>
    /// Handle the call (a message is delivered and recorded), then drop the connection without answering: the
    /// "sent, but the caller cannot know" case.
    /// </summary>
    DropAfterHandling,

    /// <summary>
    /// Hold the call unanswered until <see cref="FakeWeChatApiServer.ReleaseStalled"/>, then handle it: a slow
    /// platform, or a call still in flight when the caller's process dies.
    /// </summary>
    Stall,
}
