using System.Text;
using CustomerService.Channels.WeChat;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatMessageCryptoTests
{
    private const string Key = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string AppId = "wx1234567890abcdef";

    public static TheoryData<string> DecryptVectors =>
        Samples.WeChatVectorsOfKind("decrypt_inbound", "decrypt_inbound_and_encrypt_reply", "wecom_verify_url");

    public static TheoryData<string> VectorsWithObservedRandom => Samples.WeChatVectorsWith(
        sample => sample.GetProperty("expected").TryGetProperty("layout_observed", out var layout)
            && layout.TryGetProperty("random16_ascii", out _));

    public static TheoryData<string> FixedRandomVectors => Samples.WeChatVectorsOfKind("encrypt_fixed_random");

    public static TheoryData<string> ReplyVectors => Samples.WeChatVectorsWith(sample => sample.TryGetProperty("reply", out _));

    public static TheoryData<int> MessageLengths => new(Enumerable.Range(0, 65));

    [Theory]
    [MemberData(nameof(DecryptVectors))]
    public void Decrypt_Vector_ReturnsExpectedPlaintextAndReceiveId(string file)
    {
        var sample = Samples.Load("WeChat", file);
        var input = sample.GetProperty("input");
        var expected = sample.GetProperty("expected");
        var crypto = new WeChatMessageCrypto(input.String("encoding_aes_key"), input.ReceiveId());

        var result = crypto.Decrypt(input.String("encrypt"));

        Assert.Equal(WeChatCryptoError.None, result.Error);
        Assert.True(result.Succeeded);
        Assert.Equal(expected.String("plaintext"), result.Message);
        Assert.Equal(expected.String("receiveid"), result.ReceiveId);
    }

    [Theory]
    [MemberData(nameof(VectorsWithObservedRandom))]
    public void Encrypt_VectorPlaintextWithObservedRandom_ReproducesVectorCiphertext(string file)
    {
        // Re-encrypting with the random prefix found in the frame must give the vector's exact bytes: this pins the
        // layout and the 32-byte padding, including the pad-19 and pad-22 vectors.
        var sample = Samples.Load("WeChat", file);
        var input = sample.GetProperty("input");
        var expected = sample.GetProperty("expected");
        var layout = expected.GetProperty("layout_observed");
        var crypto = new WeChatMessageCrypto(input.String("encoding_aes_key"), input.ReceiveId());

        var encrypt = crypto.Encrypt(expected.String("plaintext"), Encoding.ASCII.GetBytes(layout.String("random16_ascii")));

        Assert.Equal(input.String("encrypt"), encrypt);
        Assert.Equal(layout.GetProperty("ciphertext_len").GetInt32(), Convert.FromBase64String(encrypt).Length);
    }

    [Theory]
    [MemberData(nameof(FixedRandomVectors))]
    public void Encrypt_FixedRandomVector_ReturnsExpectedCiphertext(string file)
    {
        var sample = Samples.Load("WeChat", file);
        var input = sample.GetProperty("input");
        var crypto = new WeChatMessageCrypto(input.String("encoding_aes_key"), input.ReceiveId());

        var encrypt = crypto.Encrypt(input.String("plaintext"), Encoding.ASCII.GetBytes(input.String("random16")));

        Assert.Equal(sample.GetProperty("expected").String("encrypt"), encrypt);
    }

    [Theory]
    [MemberData(nameof(FixedRandomVectors))]
    public void Decrypt_FixedRandomVectorCiphertext_ReturnsPlaintext(string file)
    {
        var sample = Samples.Load("WeChat", file);
        var input = sample.GetProperty("input");
        var crypto = new WeChatMessageCrypto(input.String("encoding_aes_key"), input.ReceiveId());

        var result = crypto.Decrypt(sample.GetProperty("expected").String("encrypt"));

        Assert.True(result.Succeeded);
        Assert.Equal(input.String("plaintext"), result.Message);
    }

    [Theory]
    [MemberData(nameof(ReplyVectors))]
    public void Encrypt_ReplyBlock_ReturnsExpectedCiphertext(string file)
    {
        var reply = Samples.Load("WeChat", file).GetProperty("reply");
        var input = reply.GetProperty("input");
        var crypto = new WeChatMessageCrypto(input.String("encoding_aes_key"), input.String("receiveid"));

        var encrypt = crypto.Encrypt(input.String("plaintext"), Encoding.ASCII.GetBytes(input.String("random16")));

        Assert.Equal(reply.GetProperty("expected").String("encrypt"), encrypt);
    }

    [Theory]
    [MemberData(nameof(MessageLengths))]
    public void Encrypt_EveryFrameLengthModulo32_PadsToNext32WithPadValue(int messageLength)
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);
        var message = new string('m', messageLength);
        var frameLength = 20 + messageLength + AppId.Length;
        var expectedPad = 32 - (frameLength % 32);

        var encrypt = crypto.Encrypt(message);
        var plain = RawAes.DecryptFrame(Key, encrypt);

        Assert.Equal(frameLength + expectedPad, plain.Length);
        Assert.Equal(0, plain.Length % 32);
        Assert.All(plain[frameLength..], b => Assert.Equal(expectedPad, b));
        Assert.Equal(message, crypto.Decrypt(encrypt).Message);
    }

    [Fact]
    public void Encrypt_AlignedFrame_AppendsWholeBlockOf0x20()
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);
        var message = new string('m', 64 - 20 - AppId.Length); // frame of exactly 64 bytes

        var plain = RawAes.DecryptFrame(Key, crypto.Encrypt(message));

        Assert.Equal(96, plain.Length);
        Assert.All(plain[64..], b => Assert.Equal(0x20, b));
    }

    [Fact]
    public void Encrypt_TwoCalls_UseFreshRandomPrefixes()
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);

        var first = RawAes.DecryptFrame(Key, crypto.Encrypt("same"));
        var second = RawAes.DecryptFrame(Key, crypto.Encrypt("same"));

        Assert.NotEqual(first[..16], second[..16]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    public void Encrypt_RandomPrefixNot16Bytes_Throws(int length)
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);

        Assert.Throws<ArgumentException>(() => crypto.Encrypt("x", new byte[length]));
    }

    [Fact]
    public void Decrypt_WrongReceiveId_ReturnsMismatchWithFoundId()
    {
        var sample = Samples.Load("WeChat", "mp_safe_mode_json_official_doc.json").GetProperty("input");
        var crypto = new WeChatMessageCrypto(sample.String("encoding_aes_key"), "wx0000000000000000");

        var result = crypto.Decrypt(sample.String("encrypt"));

        Assert.False(result.Succeeded);
        Assert.Equal(WeChatCryptoError.ReceiveIdMismatch, result.Error);
        Assert.Equal("wxba5fad812f8e6fb9", result.ReceiveId);
        Assert.Null(result.Message);
    }

    [Fact]
    public void Decrypt_ReceiveIdDiffersOnlyInCase_ReturnsMismatch()
    {
        var sample = Samples.Load("WeChat", "mp_safe_mode_json_official_doc.json").GetProperty("input");
        var crypto = new WeChatMessageCrypto(sample.String("encoding_aes_key"), "WXBA5FAD812F8E6FB9");

        Assert.Equal(WeChatCryptoError.ReceiveIdMismatch, crypto.Decrypt(sample.String("encrypt")).Error);
    }

    // The safe-mode vector: 224-byte ciphertext, frame of 205 bytes (msg 20..186, receive id 187..204), pad 19.
    [Theory]
    [InlineData(207, WeChatCryptoError.InvalidPadding)] // flips the last plaintext byte (the pad length)
    [InlineData(171, WeChatCryptoError.ReceiveIdMismatch)] // flips the first receive id byte
    [InlineData(0, WeChatCryptoError.InvalidMessageLength)] // flips the high byte of msg_len
    public void Decrypt_CiphertextWithOneByteFlipped_Fails(int index, WeChatCryptoError expected)
    {
        var sample = Samples.Load("WeChat", "mp_safe_mode_json_official_doc.json").GetProperty("input");
        var crypto = new WeChatMessageCrypto(sample.String("encoding_aes_key"), sample.String("appid"));
        var raw = Convert.FromBase64String(sample.String("encrypt"));
        raw[index] ^= 0x01;

        var result = crypto.Decrypt(Convert.ToBase64String(raw));

        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void Decrypt_ReceiveIdByteFlipped_ReportsTamperedId()
    {
        var sample = Samples.Load("WeChat", "mp_safe_mode_json_official_doc.json").GetProperty("input");
        var crypto = new WeChatMessageCrypto(sample.String("encoding_aes_key"), sample.String("appid"));
        var raw = Convert.FromBase64String(sample.String("encrypt"));
        raw[171] ^= 0x01;

        Assert.Equal("vxba5fad812f8e6fb9", crypto.Decrypt(Convert.ToBase64String(raw)).ReceiveId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    [InlineData(255)]
    public void Decrypt_PadByteOutOfRange_ReturnsInvalidPadding(byte padValue)
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);
        var frame = RawAes.Frame("hello", AppId); // 43 bytes
        var padded = RawAes.Pad(frame, 64 - frame.Length, padValue);

        var result = crypto.Decrypt(RawAes.EncryptFrame(Key, padded));

        Assert.Equal(WeChatCryptoError.InvalidPadding, result.Error);
    }

    [Fact]
    public void Decrypt_InconsistentPadBytes_ReturnsInvalidPadding()
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);
        var frame = RawAes.Frame("hello", AppId); // 43 bytes, pad 21
        var padded = RawAes.Pad(frame, 21, 21);
        padded[43] = 20; // the first pad byte disagrees; the last one is still 21

        var result = crypto.Decrypt(RawAes.EncryptFrame(Key, padded));

        Assert.Equal(WeChatCryptoError.InvalidPadding, result.Error);
    }

    [Fact]
    public void Decrypt_Pad17To32_Succeeds()
    {
        // A 16-byte PKCS#7 check would reject this (pitfall P1).
        var crypto = new WeChatMessageCrypto(Key, AppId);
        var frame = RawAes.Frame("hello", AppId); // 43 bytes, pad 21

        var result = crypto.Decrypt(RawAes.EncryptFrame(Key, RawAes.Pad(frame, 21, 21)));

        Assert.True(result.Succeeded);
        Assert.Equal("hello", result.Message);
    }

    [Fact]
    public void Decrypt_DeclaredLengthBeyondFrame_ReturnsInvalidMessageLength()
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);
        var frame = RawAes.Frame("hello", AppId, declaredLength: 5 + (uint)AppId.Length + 1);

        var result = crypto.Decrypt(RawAes.EncryptFrame(Key, RawAes.Pad(frame, 21, 21)));

        Assert.Equal(WeChatCryptoError.InvalidMessageLength, result.Error);
    }

    [Fact]
    public void Decrypt_FrameShorterThanHeader_ReturnsInvalidMessageLength()
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);

        var result = crypto.Decrypt(RawAes.EncryptFrame(Key, RawAes.Pad([], 32, 32)));

        Assert.Equal(WeChatCryptoError.InvalidMessageLength, result.Error);
    }

    [Fact]
    public void Decrypt_DeclaredLengthZero_ReadsEverythingElseAsReceiveId()
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);
        var frame = RawAes.Frame("hello", AppId, declaredLength: 0);

        var result = crypto.Decrypt(RawAes.EncryptFrame(Key, RawAes.Pad(frame, 21, 21)));

        Assert.Equal(WeChatCryptoError.ReceiveIdMismatch, result.Error);
        Assert.Equal("hello" + AppId, result.ReceiveId);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("abc")]
    [InlineData("====")]
    public void Decrypt_InvalidBase64_ReturnsInvalidBase64(string encrypt)
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);

        Assert.Equal(WeChatCryptoError.InvalidBase64, crypto.Decrypt(encrypt).Error);
    }

    [Fact]
    public void Decrypt_Null_ReturnsInvalidBase64()
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);

        Assert.Equal(WeChatCryptoError.InvalidBase64, crypto.Decrypt(null!).Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(40)]
    public void Decrypt_CiphertextLengthInvalid_ReturnsInvalidCiphertextLength(int length)
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);

        var result = crypto.Decrypt(Convert.ToBase64String(new byte[length]));

        Assert.Equal(WeChatCryptoError.InvalidCiphertextLength, result.Error);
    }

    [Theory]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF")] // 42
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH")] // 44
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF!")] // invalid character
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456789ABCDEF=")] // padding is not part of the key
    [InlineData("")]
    public void Constructor_InvalidKey_ThrowsWithoutEchoingKey(string key)
    {
        var exception = Assert.Throws<ArgumentException>(() => new WeChatMessageCrypto(key, AppId));

        Assert.Equal("encodingAesKey", exception.ParamName);
        if (key.Length > 0)
        {
            Assert.DoesNotContain(key, exception.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Constructor_KeyWithPlusAndSlash_IsAccepted()
    {
        // The synthetic payload key is plain base64 without '=' and uses '+' and '/'.
        var crypto = new WeChatMessageCrypto("6h+RFKlZQ/+se0ycUy6bwOK+pyQi3rt5fn6Y36L7F+Y", AppId);

        Assert.Equal("x", crypto.Decrypt(crypto.Encrypt("x")).Message);
    }

    [Fact]
    public void Constructor_EmptyReceiveId_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WeChatMessageCrypto(Key, string.Empty));
    }

    [Fact]
    public void ToString_Instance_DoesNotContainKey()
    {
        var crypto = new WeChatMessageCrypto(Key, AppId);

        Assert.DoesNotContain(Key, crypto.ToString(), StringComparison.Ordinal);
    }
}
