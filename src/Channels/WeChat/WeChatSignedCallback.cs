namespace CustomerService.Channels.WeChat;

/// <summary>A callback request as WeChat would send it, produced by <see cref="WeChatCallbackSigner"/>.</summary>
public sealed record WeChatSignedCallback
{
    /// <summary>The raw, percent-encoded query string, without a leading <c>?</c>.</summary>
    public required string QueryString { get; init; }

    /// <summary>The request body (XML, to be sent as UTF-8 without a BOM).</summary>
    public required string Body { get; init; }

    /// <summary>The <c>timestamp</c> in the query.</summary>
    public required string Timestamp { get; init; }

    /// <summary>The <c>nonce</c> in the query; the reply envelope echoes it.</summary>
    public required string Nonce { get; init; }
}
