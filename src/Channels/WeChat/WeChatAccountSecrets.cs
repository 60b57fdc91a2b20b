namespace CustomerService.Channels.WeChat;

/// <summary>
/// The server configuration of one Official Account (开发 → 基本配置 → 服务器配置).
/// </summary>
/// <remarks>
/// <see cref="ToString"/> prints only the AppId: the token and the key must never reach a log.
/// </remarks>
public sealed record WeChatAccountSecrets
{
    /// <summary>The AppId (<c>wx…</c>); also the receive id inside every encrypted frame.</summary>
    public required string AppId { get; init; }

    /// <summary>The Token (3–32 letters or digits) used for <c>signature</c> and <c>msg_signature</c>.</summary>
    public required string Token { get; init; }

    /// <summary>The 43-character EncodingAESKey.</summary>
    public required string EncodingAesKey { get; init; }

    /// <summary>Returns a description that names the AppId and no secret.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{nameof(WeChatAccountSecrets)} {{ {nameof(AppId)} = {AppId} }}";
}
