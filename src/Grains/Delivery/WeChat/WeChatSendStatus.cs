namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>How a call through <see cref="WeChatSendInvoker"/> ended.</summary>
public enum WeChatSendStatus
{
    /// <summary>The platform accepted the call.</summary>
    Sent,

    /// <summary>The platform answered an errcode (see <see cref="WeChatSendResult.Error"/> and its class).</summary>
    PlatformError,

    /// <summary>No token could be had (see <see cref="WeChatSendResult.TokenProblem"/>); nothing was sent.</summary>
    NoToken,

    /// <summary>The call failed in transport (see <see cref="WeChatSendResult.Transport"/>: not sent, or in doubt).</summary>
    TransportFailure,
}
