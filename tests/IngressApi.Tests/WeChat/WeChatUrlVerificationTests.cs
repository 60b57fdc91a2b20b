using System.Net;
using System.Text;
using CustomerService.Channels.WeChat;
using CustomerService.IngressApi.Tests.Conversations;
using Microsoft.Extensions.Time.Testing;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>The GET that the MP console sends when the server URL is saved (wechat.md §1.1).</summary>
[Collection(FakeDispatcherCollectionDefinition.Name)]
public sealed class WeChatUrlVerificationTests
{
    private readonly FakeDispatcherFixture _host;

    public WeChatUrlVerificationTests(FakeDispatcherFixture host)
    {
        _host = host;
        _host.Dispatcher.Reset();
    }

    // The official doc's echostr, and one whose + / = travel percent-encoded and must be decoded exactly once.
    [Theory]
    [InlineData("4375120948345356249")]
    [InlineData("ab+cd/ef==")]
    public async Task Get_ValidSignature_EchoesEchostrExactly(string echostr)
    {
        var query = WeChatRequests.Signer.SignUrlVerification(echostr);

        using var response = await _host.Client.GetAsync(TestAccount.CallbackPath + "?" + query, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.ASCII.GetBytes(echostr), body);
    }

    [Fact]
    public async Task Get_BadSignature_Returns401()
    {
        var query = WeChatRequests.WithParameter(WeChatRequests.Signer.SignUrlVerification("4375120948345356249"), "signature", WeChatRequests.ForgedSignature);

        using var response = await _host.Client.GetAsync(TestAccount.CallbackPath + "?" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _host.Dispatcher.Calls);
    }

    [Fact]
    public async Task Get_TimestampOutsideReplayWindow_Returns401()
    {
        var staleSigner = new WeChatCallbackSigner(TestAccount.Secrets, new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10)));
        var query = staleSigner.SignUrlVerification("4375120948345356249");

        using var response = await _host.Client.GetAsync(TestAccount.CallbackPath + "?" + query, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _host.Dispatcher.Calls);
    }
}
