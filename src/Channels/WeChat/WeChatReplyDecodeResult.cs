using System.Diagnostics.CodeAnalysis;

namespace CustomerService.Channels.WeChat;

/// <summary>The outcome of <see cref="WeChatReplyDecoder.Decode"/>.</summary>
public sealed record WeChatReplyDecodeResult
{
    private WeChatReplyDecodeResult()
    {
    }

    /// <summary>Whether the response body is something WeChat would accept.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>Why the response body would be rejected; null on success.</summary>
    public string? Error { get; private init; }

    /// <summary>Whether the body only acknowledged the push (empty or <c>success</c>), with no passive reply.</summary>
    public bool IsAcknowledgementOnly { get; private init; }

    /// <summary>Whether the reply came in the encrypted envelope.</summary>
    public bool WasEncrypted { get; private init; }

    /// <summary>The reply's plaintext XML (decrypted when it was encrypted).</summary>
    public string? PlainXml { get; private init; }

    /// <summary>The reply's <c>MsgType</c> (<c>text</c>, <c>image</c>, …).</summary>
    public string? MsgType { get; private init; }

    /// <summary>The reply's <c>Content</c> (text replies).</summary>
    public string? Content { get; private init; }

    /// <summary>The reply's <c>ToUserName</c> (the user's OpenID).</summary>
    public string? ToUserName { get; private init; }

    /// <summary>The reply's <c>FromUserName</c> (the account's original id).</summary>
    public string? FromUserName { get; private init; }

    /// <summary>Creates the result for an empty or <c>success</c> body.</summary>
    /// <returns>The result.</returns>
    public static WeChatReplyDecodeResult AcknowledgementOnly() => new() { IsAcknowledgementOnly = true };

    /// <summary>Creates the result for a passive reply.</summary>
    /// <param name="plainXml">The reply's plaintext XML.</param>
    /// <param name="wasEncrypted">Whether it came encrypted.</param>
    /// <param name="msgType">The reply's MsgType.</param>
    /// <param name="content">The reply's Content, if any.</param>
    /// <param name="toUserName">The reply's ToUserName.</param>
    /// <param name="fromUserName">The reply's FromUserName.</param>
    /// <returns>The result.</returns>
    public static WeChatReplyDecodeResult Reply(
        string plainXml,
        bool wasEncrypted,
        string msgType,
        string? content,
        string? toUserName,
        string? fromUserName) =>
        new()
        {
            PlainXml = plainXml,
            WasEncrypted = wasEncrypted,
            MsgType = msgType,
            Content = content,
            ToUserName = toUserName,
            FromUserName = fromUserName,
        };

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">A short reason.</param>
    /// <param name="wasEncrypted">Whether the body was an encrypted envelope.</param>
    /// <returns>The result.</returns>
    public static WeChatReplyDecodeResult Failure(string error, bool wasEncrypted = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(error);
        return new() { Error = error, WasEncrypted = wasEncrypted };
    }
}
