namespace CustomerService.Channels.WeChat;

/// <summary>What the ingress should do with a callback after verification.</summary>
public enum WeChatCallbackOutcome
{
    /// <summary>Signature and content are valid; process the message.</summary>
    Accepted = 0,

    /// <summary>A signature, the timestamp or the receive id failed; answer 401 and do not process.</summary>
    Unauthorized,

    /// <summary>The request is signed (or unsignable) but its content is unusable; answer 400.</summary>
    BadRequest,
}
