using System.Diagnostics.CodeAnalysis;

namespace CustomerService.Channels.WeChat;

/// <summary>The outcome of <see cref="WeChatCallbackVerifier.VerifyMessage"/>.</summary>
public sealed record WeChatCallbackResult
{
    private WeChatCallbackResult(
        WeChatCallbackOutcome outcome,
        string? reason,
        WeChatEncryptionMode mode,
        string? plainXml,
        WeChatInboundMessage? message)
    {
        Outcome = outcome;
        Reason = reason;
        Mode = mode;
        PlainXml = plainXml;
        Message = message;
    }

    /// <summary>Whether to process the message, or which error status to answer.</summary>
    public WeChatCallbackOutcome Outcome { get; }

    /// <summary>
    /// Why the callback was rejected; short and log-safe (never a secret or an expected signature). Null when
    /// accepted.
    /// </summary>
    public string? Reason { get; }

    /// <summary>
    /// The encryption mode of the request, so that the reply can use the same one. When a request is rejected before
    /// its body is read, this is <see cref="WeChatEncryptionMode.Safe"/> for <c>encrypt_type=aes</c> and
    /// <see cref="WeChatEncryptionMode.Plaintext"/> for an <c>encrypt_type</c> that was not understood.
    /// </summary>
    public WeChatEncryptionMode Mode { get; }

    /// <summary>The verified plaintext XML: the body in plaintext mode, the decrypted copy otherwise.</summary>
    public string? PlainXml { get; }

    /// <summary>The parsed message when accepted.</summary>
    public WeChatInboundMessage? Message { get; }

    /// <summary>Whether <see cref="Outcome"/> is <see cref="WeChatCallbackOutcome.Accepted"/>.</summary>
    [MemberNotNullWhen(true, nameof(PlainXml), nameof(Message))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool IsAccepted => Outcome == WeChatCallbackOutcome.Accepted;

    /// <summary>Creates an accepted result.</summary>
    /// <param name="mode">The request's encryption mode.</param>
    /// <param name="plainXml">The verified plaintext XML.</param>
    /// <param name="message">The parsed message.</param>
    /// <returns>The result.</returns>
    public static WeChatCallbackResult Accepted(WeChatEncryptionMode mode, string plainXml, WeChatInboundMessage message)
    {
        ArgumentNullException.ThrowIfNull(plainXml);
        ArgumentNullException.ThrowIfNull(message);
        return new WeChatCallbackResult(WeChatCallbackOutcome.Accepted, null, mode, plainXml, message);
    }

    /// <summary>Creates an unauthorized result.</summary>
    /// <param name="mode">The request's encryption mode.</param>
    /// <param name="reason">A short, log-safe reason.</param>
    /// <returns>The result.</returns>
    public static WeChatCallbackResult Unauthorized(WeChatEncryptionMode mode, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new WeChatCallbackResult(WeChatCallbackOutcome.Unauthorized, reason, mode, null, null);
    }

    /// <summary>Creates a bad-request result.</summary>
    /// <param name="mode">The request's encryption mode.</param>
    /// <param name="reason">A short, log-safe reason.</param>
    /// <returns>The result.</returns>
    public static WeChatCallbackResult BadRequest(WeChatEncryptionMode mode, string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new WeChatCallbackResult(WeChatCallbackOutcome.BadRequest, reason, mode, null, null);
    }
}
