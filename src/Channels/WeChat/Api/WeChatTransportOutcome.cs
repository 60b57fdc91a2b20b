namespace CustomerService.Channels.WeChat.Api;

/// <summary>Whether a failed call may have been carried out by WeChat.</summary>
public enum WeChatTransportOutcome
{
    /// <summary>The request never reached WeChat's application: retrying cannot duplicate it (retry with backoff, bounded).</summary>
    NotSent,

    /// <summary>
    /// The request may have been carried out (it was sent, and the answer was lost): a retry may duplicate a message,
    /// so it is the caller's decision.
    /// </summary>
    InDoubt,
}
