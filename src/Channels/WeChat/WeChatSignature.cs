using System.Security.Cryptography;
using System.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// The SHA-1 signatures WeChat puts on callbacks: <c>signature</c> over (token, timestamp, nonce) and
/// <c>msg_signature</c> over (token, timestamp, nonce, Encrypt).
/// </summary>
/// <remarks>
/// Algorithm: sort the parts ordinally (by UTF-16 code unit; a culture comparer orders <c>TOKENX</c>,
/// <c>Token_X</c>, <c>token-x</c> differently, pitfall P2), concatenate without a separator, SHA-1 the UTF-8 bytes
/// and print lower-case hex. See https://developers.weixin.qq.com/miniprogram/dev/framework/server-ability/message-push.html
/// and https://developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.md.
/// </remarks>
public static class WeChatSignature
{
    private const int HexLength = 40;

    /// <summary>Computes the signature over <paramref name="parts"/>.</summary>
    /// <param name="parts">The strings to sign, in any order.</param>
    /// <returns>40 lower-case hex characters.</returns>
    public static string Compute(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var part in parts)
        {
            ArgumentNullException.ThrowIfNull(part, nameof(parts));
        }

        var sorted = (string[])parts.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(string.Concat(sorted));

        // SHA-1 is what the platform mandates; it is not our choice of algorithm.
#pragma warning disable CA5350
        var hash = SHA1.HashData(bytes);
#pragma warning restore CA5350
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Checks <paramref name="received"/> against the signature over <paramref name="parts"/> in constant time.
    /// </summary>
    /// <param name="received">The signature as received; lower-case hex is expected (comparison is case-sensitive).</param>
    /// <param name="parts">The strings that were signed.</param>
    /// <returns><see langword="true"/> when the signature matches; <see langword="false"/> for null or empty input.</returns>
    public static bool Verify(string? received, params string[] parts)
    {
        if (string.IsNullOrEmpty(received))
        {
            return false;
        }

        var expected = Compute(parts);

        // The length of a SHA-1 hex digest is public, so rejecting other lengths early leaks nothing and keeps the
        // work bounded for oversized input.
        if (received.Length != HexLength)
        {
            return false;
        }

        Span<byte> receivedBytes = stackalloc byte[HexLength];
        Span<byte> expectedBytes = stackalloc byte[HexLength];
        Encoding.ASCII.GetBytes(received, receivedBytes);
        Encoding.ASCII.GetBytes(expected, expectedBytes);
        return CryptographicOperations.FixedTimeEquals(receivedBytes, expectedBytes);
    }
}
