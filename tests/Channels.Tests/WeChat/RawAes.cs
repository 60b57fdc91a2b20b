using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CustomerService.Channels.Tests.WeChat;

/// <summary>
/// Independent AES-256-CBC (no padding) with WeChat's key derivation, to craft and inspect frames byte by byte.
/// </summary>
internal static class RawAes
{
    public static byte[] Key(string encodingAesKey) => Convert.FromBase64String(encodingAesKey + "=");

    public static string EncryptFrame(string encodingAesKey, byte[] paddedFrame)
    {
        var key = Key(encodingAesKey);
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(paddedFrame, key.AsSpan(0, 16), PaddingMode.None));
    }

    public static byte[] DecryptFrame(string encodingAesKey, string encryptBase64)
    {
        var key = Key(encodingAesKey);
        using var aes = Aes.Create();
        aes.Key = key;
        return aes.DecryptCbc(Convert.FromBase64String(encryptBase64), key.AsSpan(0, 16), PaddingMode.None);
    }

    /// <summary>random(16) | msg_len | msg | receiveid, without padding.</summary>
    public static byte[] Frame(string message, string receiveId, uint? declaredLength = null)
    {
        var messageBytes = Encoding.UTF8.GetBytes(message);
        var receiveIdBytes = Encoding.UTF8.GetBytes(receiveId);
        var frame = new byte[20 + messageBytes.Length + receiveIdBytes.Length];
        "0123456789abcdef"u8.CopyTo(frame);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(16, 4), declaredLength ?? (uint)messageBytes.Length);
        messageBytes.CopyTo(frame, 20);
        receiveIdBytes.CopyTo(frame, 20 + messageBytes.Length);
        return frame;
    }

    /// <summary>Appends <paramref name="pad"/> bytes of value <paramref name="value"/>.</summary>
    public static byte[] Pad(byte[] frame, int pad, byte value) => [.. frame, .. Enumerable.Repeat(value, pad)];
}
