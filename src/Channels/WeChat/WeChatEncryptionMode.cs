namespace CustomerService.Channels.WeChat;

/// <summary>
/// The message encryption mode of an Official Account callback, detected per request because an admin can switch
/// it at any time.
/// </summary>
/// <remarks>See https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md.</remarks>
public enum WeChatEncryptionMode
{
    /// <summary>明文模式: the body is the message XML, signed with <c>signature</c>.</summary>
    Plaintext = 0,

    /// <summary>兼容模式: the body has the plaintext fields plus <c>&lt;Encrypt&gt;</c>, signed with <c>msg_signature</c>.</summary>
    Compatible,

    /// <summary>安全模式: the body has only <c>&lt;ToUserName&gt;</c> and <c>&lt;Encrypt&gt;</c>, signed with <c>msg_signature</c>.</summary>
    Safe,
}
