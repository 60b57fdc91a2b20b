using System.Net;
using System.Text;
using CustomerService.Channels.WeChat;
using CustomerService.IngressApi.Tests.Conversations;
using CustomerService.IngressApi.Tests.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>
/// Every push the ingress must refuse gets its exact status and never reaches the conversation dispatcher.
/// </summary>
[Collection(FakeDispatcherCollectionDefinition.Name)]
public sealed class WeChatPushRejectionTests
{
    private const string UnknownAppIdPath = "/wechat/wxunknown000000000";
    private const string NotBase64 = "%%%this-is-not-base64%%%";

    private readonly FakeDispatcherFixture _host;

    public WeChatPushRejectionTests(FakeDispatcherFixture host)
    {
        _host = host;
        _host.Dispatcher.Reset();
    }

    private HttpClient Client => _host.Client;

    private int DispatcherCalls => _host.Dispatcher.Calls;

    [Fact]
    public async Task Get_UnknownAppId_Returns404()
    {
        var query = WeChatRequests.Signer.SignUrlVerification("4375120948345356249");

        using var response = await Client.GetAsync(UnknownAppIdPath + "?" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Fact]
    public async Task Post_UnknownAppId_Returns404()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Plaintext);

        using var response = await SendAsync(WeChatRequests.Post(signed, UnknownAppIdPath));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Fact]
    public async Task Post_ForgedSignatureInPlaintextMode_Returns401()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Plaintext);
        var query = WeChatRequests.WithParameter(signed.QueryString, "signature", WeChatRequests.ForgedSignature);

        using var response = await SendAsync(WeChatRequests.Post(query, signed.Body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Fact]
    public async Task Post_MissingSignatureInPlaintextMode_Returns401()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Plaintext);
        var query = WeChatRequests.WithParameter(signed.QueryString, "signature", null);

        using var response = await SendAsync(WeChatRequests.Post(query, signed.Body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    // The query still carries a valid plain `signature`: in aes modes only msg_signature may authenticate.
    [Theory]
    [InlineData(WeChatEncryptionMode.Safe)]
    [InlineData(WeChatEncryptionMode.Compatible)]
    public async Task Post_MissingMsgSignatureInAesMode_Returns401(WeChatEncryptionMode mode)
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), mode);
        var query = WeChatRequests.WithParameter(signed.QueryString, "msg_signature", null);

        using var response = await SendAsync(WeChatRequests.Post(query, signed.Body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    // Encrypt is not even base64: a 401 (not the 400 that decryption would give) proves that nothing is decrypted
    // before msg_signature checks out.
    [Theory]
    [InlineData(WeChatEncryptionMode.Safe)]
    [InlineData(WeChatEncryptionMode.Compatible)]
    public async Task Post_ForgedMsgSignatureOverInvalidBase64_Returns401(WeChatEncryptionMode mode)
    {
        var (query, body) = AesRequest(mode, NotBase64, msgSignature: _ => WeChatRequests.ForgedSignature);

        using var response = await SendAsync(WeChatRequests.Post(query, body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    // The counterpart of the test above: the same body, correctly signed, does reach decryption and fails there.
    [Fact]
    public async Task Post_CorrectlySignedInvalidBase64_Returns400()
    {
        var (query, body) = AesRequest(WeChatEncryptionMode.Safe, NotBase64, msgSignature: Sign);

        using var response = await SendAsync(WeChatRequests.Post(query, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Plaintext)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public async Task Post_TimestampOutsideReplayWindow_Returns401(WeChatEncryptionMode mode)
    {
        // The window is 300 s; this push was signed (correctly) ten minutes ago.
        var staleSigner = new WeChatCallbackSigner(TestAccount.Secrets, new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10)));
        var signed = staleSigner.Sign(WeChatRequests.TextPush("hello"), mode);

        using var response = await SendAsync(WeChatRequests.Post(signed));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Fact]
    public async Task Post_EncryptedForAnotherAppId_Returns401()
    {
        // The right key and a correct msg_signature, but the frame names another account as its receiver.
        var encrypt = new WeChatMessageCrypto(TestAccount.EncodingAesKey, "wxsomeoneelse0000").Encrypt(WeChatRequests.TextPush("hello"));
        var (query, body) = AesRequest(WeChatEncryptionMode.Safe, encrypt, msgSignature: Sign);

        using var response = await SendAsync(WeChatRequests.Post(query, body));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Fact]
    public async Task Post_ContentLengthOverLimit_Returns413()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Plaintext);
        var content = new ByteArrayContent(PadTo(signed.Body, WeChatOptions.MaxBodyBytes + 1));
        Assert.Equal(WeChatOptions.MaxBodyBytes + 1, content.Headers.ContentLength);

        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, content));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Fact]
    public async Task Post_ChunkedBodyGrowingOverLimit_Returns413()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Plaintext);
        var content = new ChunkedContent(PadTo(signed.Body, WeChatOptions.MaxBodyBytes + 1));
        Assert.Null(content.Headers.ContentLength);

        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, content));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    // The limit's other side: a signed push of exactly 64 KB, declared or chunked, is read and dispatched.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_BodyOfExactlyLimit_IsDispatched(bool chunked)
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Plaintext);
        var bytes = PadTo(signed.Body, WeChatOptions.MaxBodyBytes);
        HttpContent content = chunked ? new ChunkedContent(bytes) : new ByteArrayContent(bytes);

        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, content));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_host.Dispatcher.Recorded);
    }

    [Fact]
    public async Task Post_MalformedXml_Returns400()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Plaintext);

        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, "<xml><ToUserName><![CDATA[gh_test000000000]]></ToUserName><MsgType>"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Fact]
    public async Task Post_XmlWithDtd_Returns400()
    {
        // plaintext mode's signature does not cover the body, so only the parser stands between this and XXE.
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Plaintext);
        var body = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<xml><ToUserName><![CDATA[gh_test000000000]]></ToUserName><FromUserName><![CDATA[" + WeChatRequests.UserOpenId
            + "]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content>&x;</Content>"
            + "<MsgId>1234567890123456</MsgId></xml>";

        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    [Fact]
    public async Task Post_AesModeWithoutEncrypt_Returns400()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Safe);

        using var response = await SendAsync(WeChatRequests.Post(signed.QueryString, "<xml><ToUserName><![CDATA[gh_test000000000]]></ToUserName></xml>"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, DispatcherCalls);
    }

    // A query with a valid plain signature, timestamp and nonce, plus encrypt_type=aes and the given msg_signature,
    // and the mode's body around the given Encrypt text.
    private static (string Query, string Body) AesRequest(WeChatEncryptionMode mode, string encrypt, Func<(string Timestamp, string Nonce, string Encrypt), string> msgSignature)
    {
        var push = WeChatRequests.TextPush("hello");
        var signed = WeChatRequests.Sign(push, WeChatEncryptionMode.Plaintext);
        var query = WeChatRequests.WithParameter(signed.QueryString, "encrypt_type", "aes");
        query = WeChatRequests.WithParameter(query, "msg_signature", msgSignature((signed.Timestamp, signed.Nonce, encrypt)));
        var encryptElement = "<Encrypt><![CDATA[" + encrypt + "]]></Encrypt>";
        var body = mode == WeChatEncryptionMode.Safe
            ? "<xml><ToUserName><![CDATA[" + TestAccount.OriginalId + "]]></ToUserName>" + encryptElement + "</xml>"
            : push.Replace("</xml>", encryptElement + "</xml>", StringComparison.Ordinal);
        return (query, body);
    }

    private static string Sign((string Timestamp, string Nonce, string Encrypt) parts) =>
        WeChatSignature.Compute(TestAccount.Token, parts.Timestamp, parts.Nonce, parts.Encrypt);

    // The push followed by spaces (legal after the root element) up to exactly `length` UTF-8 bytes.
    private static byte[] PadTo(string xml, int length)
    {
        var bytes = Encoding.UTF8.GetBytes(xml);
        var padded = new byte[length];
        bytes.CopyTo(padded, 0);
        padded.AsSpan(bytes.Length).Fill((byte)' ');
        return padded;
    }

    // Disposes the request and with it its content.
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            return await Client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }
}
