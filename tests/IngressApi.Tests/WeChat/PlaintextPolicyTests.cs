using System.Net;
using CustomerService.Channels.WeChat;
using CustomerService.IngressApi.Tests.Conversations;
using CustomerService.IngressApi.Tests.Hosting;
using Microsoft.Extensions.Logging;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>
/// An account left at the default (<c>AcceptPlaintext</c> off) refuses plaintext pushes, even correctly signed ones:
/// a plaintext signature covers no body, so a replayed query string with a made-up message and user would otherwise
/// pass. Encrypted pushes are unaffected.
/// </summary>
public sealed class PlaintextPolicyTests : IAsyncLifetime
{
    private readonly FakeConversationDispatcher _dispatcher = new();
    private readonly CapturedLogs _logs = new();
    private IngressApiFactory _factory = null!;
    private HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new IngressApiFactory(
            _dispatcher,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["Channels:WeChat:Accounts:0:AcceptPlaintext"] = "false" },
            _logs);
        _client = _factory.CreateClient();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        _logs.Dispose();
    }

    [Fact]
    public async Task Post_CorrectlySignedPlaintextPush_Returns401AndLogsWhy()
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("你好"), WeChatEncryptionMode.Plaintext);

        using var response = await _client.SendAsync(WeChatRequests.Post(signed), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, _dispatcher.Calls);
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("plaintext push refused", StringComparison.Ordinal));
        Assert.Contains(TestAccount.AppId, warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAccount.Token, warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WeChatEncryptionMode.Compatible)]
    [InlineData(WeChatEncryptionMode.Safe)]
    public async Task Post_EncryptedPush_IsDispatched(WeChatEncryptionMode mode)
    {
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("你好"), mode);

        using var response = await _client.SendAsync(WeChatRequests.Post(signed), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("你好", Assert.Single(_dispatcher.Recorded).Message.Text);
    }
}
