using CustomerService.Channels.WeChat;
using CustomerService.IngressApi.Tests.Conversations;
using CustomerService.IngressApi.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>
/// A held request never ends in a response, not even when the server stops: the hold ends with the application and
/// the connection is aborted, so WeChat retries (on another instance, or after the restart). A host of its own,
/// because the test stops it.
/// </summary>
public sealed class WeChatHoldStopTests
{
    private const int HoldMaxSeconds = 60;

    [Fact]
    public async Task Post_HeldWhenTheApplicationStops_AbortsWithoutAnyResponseBeforeTheHoldEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        var dispatcher = new FakeConversationDispatcher { Failure = new InvalidOperationException("silo unavailable") };
        await using var factory = new IngressApiFactory(
            dispatcher,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Channels:WeChat:HoldMaxSeconds"] = HoldMaxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        using var client = factory.CreateClient();
        var signed = WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Safe);
        using var request = WeChatRequests.Post(signed);

        var send = client.SendAsync(request, ct);
        await dispatcher.RecordCalled;
        factory.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

        // Generous, and half the hold: what matters is that the request did not wait for the hold to end.
        var failure = await Record.ExceptionAsync(() => send.WaitAsync(TimeSpan.FromSeconds(HoldMaxSeconds / 2), ct));

        // TestServer's report of HttpContext.Abort(): no status, no body (a real client sees a reset connection).
        Assert.NotNull(failure);
        Assert.Equal(
            (typeof(OperationCanceledException), "The application aborted the request."),
            (failure.GetType(), failure.Message));
        Assert.Single(dispatcher.Recorded);
    }
}
