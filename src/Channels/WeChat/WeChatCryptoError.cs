namespace CustomerService.Channels.WeChat;

/// <summary>
/// Why <see cref="WeChatMessageCrypto.Decrypt"/> rejected a ciphertext, in the order the checks run.
/// </summary>
/// <remarks>
/// Mirrors the official WXBizMsgCrypt library errors (-40010 base64, -40008 illegal buffer, -40005 appid mismatch);
/// see https://developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.md.
/// </remarks>
public enum WeChatCryptoError
{
    /// <summary>Decryption succeeded.</summary>
    None = 0,

    /// <summary>The Encrypt text is not valid base64.</summary>
    InvalidBase64,

    /// <summary>The ciphertext is empty, not a multiple of the 16-byte AES block, or shorter than 32 bytes.</summary>
    InvalidCiphertextLength,

    /// <summary>The 32-byte PKCS#7 padding is not 1..32 bytes all equal to the pad length.</summary>
    InvalidPadding,

    /// <summary>The frame is too short for its header or its <c>msg_len</c> exceeds the bytes that follow.</summary>
    InvalidMessageLength,

    /// <summary>The receive id (AppId or CorpId) inside the frame is not the configured one.</summary>
    ReceiveIdMismatch,
}
