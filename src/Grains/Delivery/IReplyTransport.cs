using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Delivery;

/// <summary>
/// Sends to one channel's push API (for WeChat, <c>custom/send</c> and <c>custom/typing</c>). Implementations own
/// tokens, timeouts, bounded retries of what never left, and the mapping of platform codes to outcomes; they never
/// throw for a platform or network failure.
/// </summary>
public interface IReplyTransport
{
    /// <summary>The channel this transport serves.</summary>
    ChannelKind Channel { get; }

    /// <summary>Sends one text message (already within the platform's byte limit).</summary>
    Task<SendOutcome> SendTextAsync(ConversationKey key, string text, CancellationToken cancellationToken);

    /// <summary>Shows the typing indicator. Also proves the account may use the push API, since it needs the same permission.</summary>
    Task<SendOutcome> SendTypingAsync(ConversationKey key, CancellationToken cancellationToken);
}
