using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CustomerService.Channels.WeChat;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatSignatureTests
{
    public static TheoryData<string> PlainSignatureVectors => Samples.WeChatVectorsWith(
        sample => sample.GetProperty("input").TryGetProperty("signature", out _));

    public static TheoryData<string> MsgSignatureVectors => Samples.WeChatVectorsWith(
        sample => sample.GetProperty("input").TryGetProperty("msg_signature", out _));

    public static TheoryData<string> SortedConcatVectors => Samples.WeChatVectorsWith(
        sample => sample.GetProperty("expected").TryGetProperty("sorted_concat", out _));

    public static TheoryData<string> ReplyVectors => Samples.WeChatVectorsWith(sample => sample.TryGetProperty("reply", out _));

    [Theory]
    [MemberData(nameof(PlainSignatureVectors))]
    public void Compute_SignatureVector_ReturnsExpectedSignature(string file)
    {
        var input = Samples.Load("WeChat", file).GetProperty("input");

        var signature = WeChatSignature.Compute(input.String("token"), input.String("timestamp"), input.String("nonce"));

        Assert.Equal(input.String("signature"), signature);
    }

    [Theory]
    [MemberData(nameof(PlainSignatureVectors))]
    public void Verify_SignatureVector_ReturnsTrue(string file)
    {
        var input = Samples.Load("WeChat", file).GetProperty("input");

        Assert.True(WeChatSignature.Verify(
            input.String("signature"),
            input.String("token"),
            input.String("timestamp"),
            input.String("nonce")));
    }

    [Theory]
    [MemberData(nameof(SortedConcatVectors))]
    public void Compute_SignatureVector_EqualsSha1OfDocumentedSortedConcat(string file)
    {
        var sample = Samples.Load("WeChat", file);
        var input = sample.GetProperty("input");
        var expected = Sha1Hex(sample.GetProperty("expected").String("sorted_concat"));

        // Argument order must not matter: the parts are sorted before hashing.
        Assert.Equal(expected, WeChatSignature.Compute(input.String("nonce"), input.String("token"), input.String("timestamp")));
    }

    [Theory]
    [MemberData(nameof(MsgSignatureVectors))]
    public void Verify_MsgSignatureVector_ReturnsTrue(string file)
    {
        var input = Samples.Load("WeChat", file).GetProperty("input");

        Assert.True(WeChatSignature.Verify(
            input.String("msg_signature"),
            input.String("token"),
            input.String("timestamp"),
            input.String("nonce"),
            input.String("encrypt")));
    }

    [Theory]
    [MemberData(nameof(ReplyVectors))]
    public void Compute_ReplyBlock_ReturnsReplyMsgSignature(string file)
    {
        var reply = Samples.Load("WeChat", file).GetProperty("reply");
        var input = reply.GetProperty("input");

        var signature = WeChatSignature.Compute(
            input.String("token"),
            input.String("timestamp"),
            input.String("nonce"),
            reply.GetProperty("expected").String("encrypt"));

        Assert.Equal(reply.GetProperty("expected").String("msg_signature"), signature);
    }

    [Fact]
    public void Compute_CaseAndPunctuationVariants_UsesOrdinalOrder()
    {
        string[] parts = ["token-x", "Token_X", "TOKENX"];
        var ordinal = Sha1Hex("TOKENXToken_Xtoken-x");
        var cultureSorted = parts.Order(StringComparer.Create(CultureInfo.GetCultureInfo("en-US"), ignoreCase: false)).ToArray();
        var culture = Sha1Hex(string.Concat(cultureSorted));

        var signature = WeChatSignature.Compute(parts);

        // The pitfall is real on this runtime: a culture-aware sort gives another order and another hash.
        Assert.NotEqual(ordinal, culture);
        Assert.Equal(ordinal, signature);
    }

    [Fact]
    public void Compute_ArgumentArray_IsNotReordered()
    {
        string[] parts = ["token-x", "Token_X", "TOKENX"];

        WeChatSignature.Compute(parts);

        Assert.Equal(["token-x", "Token_X", "TOKENX"], parts);
    }

    [Fact]
    public void Verify_UpperCaseHex_ReturnsFalse()
    {
        var signature = WeChatSignature.Compute("AAAAA", "1714036504", "1514711492");

        Assert.False(WeChatSignature.Verify(signature.ToUpperInvariant(), "AAAAA", "1714036504", "1514711492"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd14416966")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd1441697")]
    [InlineData("f464b24fc39322e44b38aa78f5edd27bd144169\u00E9")]
    public void Verify_WrongSignature_ReturnsFalse(string? received)
    {
        Assert.False(WeChatSignature.Verify(received, "AAAAA", "1714036504", "1514711492"));
    }

    [Fact]
    public void Verify_CorrectSignature_ReturnsTrue()
    {
        Assert.True(WeChatSignature.Verify("f464b24fc39322e44b38aa78f5edd27bd1441696", "AAAAA", "1714036504", "1514711492"));
    }

    // An independent SHA-1 of the concatenation, to check Compute against. SHA-1 is the platform's choice.
#pragma warning disable CA5350
    private static string Sha1Hex(string text) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
}
