using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CustomerService.Channels.WeChat;

/// <summary>
/// The WeChat message encryption used by Official Account compatible and safe mode (and, with the same algorithm,
/// by WeCom and the Open Platform).
/// </summary>
/// <remarks>
/// <para>
/// Key: <c>Base64Decode(EncodingAESKey + "=")</c>, 32 bytes (AES-256); IV: the first 16 key bytes; AES-CBC.
/// Frame before padding: <c>random(16) | msg_len (uint32 big-endian) | msg (UTF-8) | receiveid</c>, padded with
/// PKCS#7 to a <b>32</b>-byte boundary (pad 1..32, a whole block of 32 × 0x20 when already aligned). Because the pad
/// can exceed the 16-byte AES block, <see cref="PaddingMode.PKCS7"/> would reject about half of all real messages
/// (pitfall P1), so padding is done by hand over <see cref="PaddingMode.None"/>.
/// </para>
/// <para>
/// See https://developers.weixin.qq.com/doc/oplatform/developers/dev/push/encryption.md and
/// https://developers.weixin.qq.com/doc/subscription/guide/dev/push/encryption.md.
/// </para>
/// <para>Instances are immutable and thread-safe (each call uses its own <see cref="Aes"/>), so one per account can be shared.</para>
/// </remarks>
public sealed class WeChatMessageCrypto
{
    /// <summary>The padding block size WeChat uses (not the 16-byte AES block).</summary>
    private const int PadBlock = 32;

    private const int AesBlock = 16;
    private const int RandomLength = 16;
    private const int HeaderLength = RandomLength + sizeof(uint);
    private const int EncodingAesKeyLength = 43;
    private const int KeyLength = 32;

    // The standard base64 alphabet without '='.
    private static readonly SearchValues<char> KeyChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    private readonly byte[] _key;
    private readonly byte[] _iv;
    private readonly byte[] _receiveIdBytes;

    /// <summary>Creates the crypto for one account.</summary>
    /// <param name="encodingAesKey">The 43-character EncodingAESKey from the platform console.</param>
    /// <param name="receiveId">The id expected inside every frame: the OA AppId, a WeCom CorpId or a suite id.</param>
    /// <exception cref="ArgumentException">
    /// The key is not 43 characters of the base64 alphabet, does not decode to 32 bytes, or the receive id is empty.
    /// The message never contains the key.
    /// </exception>
    public WeChatMessageCrypto(string encodingAesKey, string receiveId)
    {
        ArgumentNullException.ThrowIfNull(encodingAesKey);
        ArgumentException.ThrowIfNullOrEmpty(receiveId);

        _key = DecodeKey(encodingAesKey);
        _iv = _key[..AesBlock];
        _receiveIdBytes = Encoding.UTF8.GetBytes(receiveId);
        ReceiveId = receiveId;
    }

    /// <summary>The receive id this instance writes into frames and expects when decrypting.</summary>
    public string ReceiveId { get; }

    /// <summary>Decrypts an <c>Encrypt</c> value (or a WeCom echostr). Never throws on bad input.</summary>
    /// <param name="encryptBase64">The base64 text, already URL-decoded when it came in a query string.</param>
    /// <returns>The message and receive id, or the first check that failed.</returns>
    public WeChatDecryptResult Decrypt(string encryptBase64)
    {
        if (encryptBase64 is null)
        {
            return WeChatDecryptResult.Failure(WeChatCryptoError.InvalidBase64);
        }

        var buffer = new byte[(encryptBase64.Length + 3) / 4 * 3];
        if (!Convert.TryFromBase64String(encryptBase64, buffer, out var written))
        {
            return WeChatDecryptResult.Failure(WeChatCryptoError.InvalidBase64);
        }

        if (written == 0 || written % AesBlock != 0 || written < PadBlock)
        {
            return WeChatDecryptResult.Failure(WeChatCryptoError.InvalidCiphertextLength);
        }

        byte[] plain;
        using (var aes = Aes.Create())
        {
            aes.Key = _key;
            plain = aes.DecryptCbc(buffer.AsSpan(0, written), _iv, PaddingMode.None);
        }

        var pad = plain[^1];
        if (pad is < 1 or > PadBlock || !HasUniformPadding(plain, pad))
        {
            return WeChatDecryptResult.Failure(WeChatCryptoError.InvalidPadding);
        }

        var frame = plain.AsSpan(0, plain.Length - pad);
        if (frame.Length < HeaderLength)
        {
            return WeChatDecryptResult.Failure(WeChatCryptoError.InvalidMessageLength);
        }

        var messageLength = BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(RandomLength, sizeof(uint)));
        if (messageLength > (uint)(frame.Length - HeaderLength))
        {
            return WeChatDecryptResult.Failure(WeChatCryptoError.InvalidMessageLength);
        }

        var messageBytes = frame.Slice(HeaderLength, (int)messageLength);
        var receiveIdBytes = frame[(HeaderLength + (int)messageLength)..];
        var foundReceiveId = Encoding.UTF8.GetString(receiveIdBytes);

        // Step 5 of the official algorithm (library error -40005): a frame encrypted for another account must not
        // be accepted even though the key matched (pitfall P4). Ordinal, exact.
        if (!receiveIdBytes.SequenceEqual(_receiveIdBytes))
        {
            return WeChatDecryptResult.Failure(WeChatCryptoError.ReceiveIdMismatch, foundReceiveId);
        }

        return WeChatDecryptResult.Success(Encoding.UTF8.GetString(messageBytes), foundReceiveId);
    }

    /// <summary>Encrypts <paramref name="message"/> with a fresh 16-byte random prefix from <see cref="RandomNumberGenerator"/>.</summary>
    /// <param name="message">The message (reply XML) to encrypt.</param>
    /// <returns>The base64 ciphertext for the <c>Encrypt</c> element.</returns>
    public string Encrypt(string message)
    {
        Span<byte> random = stackalloc byte[RandomLength];
        RandomNumberGenerator.Fill(random);
        return Encrypt(message, random);
    }

    /// <summary>
    /// Encrypts <paramref name="message"/> with the given random prefix. This is the deterministic seam for
    /// known-answer tests; production code uses <see cref="Encrypt(string)"/>.
    /// </summary>
    /// <param name="message">The message to encrypt.</param>
    /// <param name="random16">Exactly 16 bytes for the frame's random prefix.</param>
    /// <returns>The base64 ciphertext.</returns>
    /// <exception cref="ArgumentException"><paramref name="random16"/> is not 16 bytes long.</exception>
    public string Encrypt(string message, ReadOnlySpan<byte> random16)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (random16.Length != RandomLength)
        {
            throw new ArgumentException("The random prefix must be exactly 16 bytes.", nameof(random16));
        }

        var messageLength = Encoding.UTF8.GetByteCount(message);
        var frameLength = HeaderLength + messageLength + _receiveIdBytes.Length;

        // Always at least one pad byte: an aligned frame gets a whole extra block of 32 x 0x20, which is what
        // WeChat's decryptor expects.
        var pad = PadBlock - (frameLength % PadBlock);
        var plain = new byte[frameLength + pad];

        random16.CopyTo(plain);
        BinaryPrimitives.WriteUInt32BigEndian(plain.AsSpan(RandomLength, sizeof(uint)), (uint)messageLength);
        Encoding.UTF8.GetBytes(message, plain.AsSpan(HeaderLength, messageLength));
        _receiveIdBytes.CopyTo(plain.AsSpan(HeaderLength + messageLength));
        plain.AsSpan(frameLength).Fill((byte)pad);

        using var aes = Aes.Create();
        aes.Key = _key;
        return Convert.ToBase64String(aes.EncryptCbc(plain, _iv, PaddingMode.None));
    }

    private static bool HasUniformPadding(byte[] plain, byte pad)
    {
        if (pad > plain.Length)
        {
            return false;
        }

        // Every pad byte must equal the pad length; checking only the last byte would accept corrupted frames.
        var tail = plain.AsSpan(plain.Length - pad);
        return !tail.ContainsAnyExcept(pad);
    }

    private static byte[] DecodeKey(string encodingAesKey)
    {
        // The console generates 43 letters and digits. The base64 alphabet's '+' and '/' are accepted as well:
        // the key is plain base64 without its '=' and keys generated elsewhere (e.g. our test vectors) use them.
        if (encodingAesKey.Length != EncodingAesKeyLength || encodingAesKey.AsSpan().ContainsAnyExcept(KeyChars))
        {
            throw new ArgumentException(
                "The EncodingAESKey must be exactly 43 characters of the base64 alphabet.",
                nameof(encodingAesKey));
        }

        var key = new byte[KeyLength + 1];
        if (!Convert.TryFromBase64String(encodingAesKey + "=", key, out var written) || written != KeyLength)
        {
            throw new ArgumentException("The EncodingAESKey does not decode to a 32-byte AES key.", nameof(encodingAesKey));
        }

        return key[..KeyLength];
    }
}
