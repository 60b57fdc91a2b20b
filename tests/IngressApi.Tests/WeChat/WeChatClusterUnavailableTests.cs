using System.Diagnostics;
using CustomerService.Channels.WeChat;
using CustomerService.IngressApi.Conversations;
using CustomerService.IngressApi.Tests.Conversations;
using CustomerService.IngressApi.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>
/// While no silo can be reached (a Client-mode ingress with no gateway, a co-hosted silo not active), a verified push
/// is held at once, with no grain call, and aborted when the hold ends: no response at all, so WeChat retries.
/// </summary>
public sealed class WeChatClusterUnavailableTests
{
    private const int HoldMaxSeconds = 5;

    [Fact]
    public async Task Post_NoSiloAvailable_HeldWithoutAnyResponseAndNeverDispatched()
    {
        var ct = TestContext.Current.CancellationToken;
        var dispatcher = new FakeConversationDispatcher();
        await using var factory = new IngressApiFactory(
            dispatcher,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Channels:WeChat:HoldMaxSeconds"] = HoldMaxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            configureServices: services =>
            {
                services.RemoveAll<IClusterAvailability>();
                services.AddSingleton<IClusterAvailability>(new Unavailable());
            });
        using var client = factory.CreateClient();
        using var request = WeChatRequests.Post(WeChatRequests.Sign(WeChatRequests.TextPush("hello"), WeChatEncryptionMode.Safe));

        var started = Stopwatch.GetTimestamp();
        var failure = await Record.ExceptionAsync(() => client.SendAsync(request, ct).WaitAsync(TimeSpan.FromSeconds(HoldMaxSeconds * 4), ct));
        var elapsed = Stopwatch.GetElapsedTime(started);

        // TestServer's report of HttpContext.Abort(): no status, no body (a real client sees a reset connection).
        Assert.NotNull(failure);
        Assert.Equal("The application aborted the request.", failure.Message);
        Assert.True(elapsed >= TimeSpan.FromSeconds(HoldMaxSeconds) - TimeSpan.FromMilliseconds(50), $"Ended after {elapsed.TotalMilliseconds:F0} ms, before the hold ended.");
        Assert.Equal(0, dispatcher.Calls);
    }

    private sealed class Unavailable : IClusterAvailability
    {
        public bool IsAvailable => false;
    }
}
