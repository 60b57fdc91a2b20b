using System.Diagnostics.CodeAnalysis;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// The outcome of <see cref="WeChatMessageCrypto.Decrypt"/>: the message on success, otherwise the reason.
/// </summary>
public sealed record WeChatDecryptResult
{
    private WeChatDecryptResult(WeChatCryptoError error, string? message, string? receiveId)
    {
        Error = error;
        Message = message;
        ReceiveId = receiveId;
    }

    /// <summary>Whether the ciphertext decrypted and carried the configured receive id.</summary>
    [MemberNotNullWhen(true, nameof(Message), nameof(ReceiveId))]
    public bool Succeeded => Error == WeChatCryptoError.None;

    /// <summary>The decrypted message (UTF-8 XML, or JSON for JSON-format pushes); null on failure.</summary>
    public string? Message { get; }

    /// <summary>
    /// The receive id found inside the frame. Also set on <see cref="WeChatCryptoError.ReceiveIdMismatch"/> so that a
    /// log line can name both the expected and the received id.
    /// </summary>
    public string? ReceiveId { get; }

    /// <summary>Why decryption failed, or <see cref="WeChatCryptoError.None"/>.</summary>
    public WeChatCryptoError Error { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="message">The decrypted message.</param>
    /// <param name="receiveId">The receive id found in the frame.</param>
    /// <returns>The result.</returns>
    public static WeChatDecryptResult Success(string message, string receiveId)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(receiveId);
        return new WeChatDecryptResult(WeChatCryptoError.None, message, receiveId);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="error">The reason; must not be <see cref="WeChatCryptoError.None"/>.</param>
    /// <param name="receiveId">The receive id found in the frame, when it got that far.</param>
    /// <returns>The result.</returns>
    public static WeChatDecryptResult Failure(WeChatCryptoError error, string? receiveId = null)
    {
        if (error == WeChatCryptoError.None)
        {
            throw new ArgumentException("A failure needs an error other than None.", nameof(error));
        }

        return new WeChatDecryptResult(error, null, receiveId);
    }
}
