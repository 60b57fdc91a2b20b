using System.Diagnostics;
using System.Globalization;
using System.Net;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.IngressApi.Conversations;
using CustomerService.IngressApi.Tests.Hosting;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>
/// Over <c>Ingress:MaxConcurrentRequests</c>, a push is shed the way an unreachable cluster sheds it: held with no
/// answer, then aborted, so that WeChat retries; never a 503, which would end WeChat's delivery. The shed push never
/// reaches a grain, and the pushes within the limit are answered as usual.
/// </summary>
public sealed class WeChatConcurrencyLimitTests
{
    private const int HoldMaxSeconds = 5;

    [Fact]
    public async Task Post_OverTheConcurrencyLimit_HeldWithoutAnyResponseAndNeverDispatched()
    {
        var ct = TestContext.Current.CancellationToken;
        var dispatcher = new BlockingDispatcher();
        await using var factory = new IngressApiFactory(dispatcher, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Ingress:MaxConcurrentRequests"] = "1",
            ["Channels:WeChat:HoldMaxSeconds"] = HoldMaxSeconds.ToString(CultureInfo.InvariantCulture),
        });
        using var client = factory.CreateClient();
        using var firstRequest = WeChatRequests.Post(WeChatRequests.Sign(WeChatRequests.TextPush("first", "oUserOne"), WeChatEncryptionMode.Safe));
        using var secondRequest = WeChatRequests.Post(WeChatRequests.Sign(WeChatRequests.TextPush("second", "oUserTwo"), WeChatEncryptionMode.Safe));

        var first = client.SendAsync(firstRequest, ct);
        await dispatcher.RecordStarted.WaitAsync(TimeSpan.FromSeconds(30), ct);
        var started = Stopwatch.GetTimestamp();
        // Bounded, so that a push wrongly admitted (and blocked behind the first) fails the test instead of hanging it.
        var shed = await Record.ExceptionAsync(() => client.SendAsync(secondRequest, ct).WaitAsync(TimeSpan.FromSeconds(HoldMaxSeconds * 4), ct));
        var elapsed = Stopwatch.GetElapsedTime(started);
        dispatcher.Release();
        using var answered = await first;

        // TestServer's report of HttpContext.Abort(): no status, no body (a real client sees a reset connection).
        Assert.NotNull(shed);
        Assert.Equal("The application aborted the request.", shed.Message);
        // Task.Delay runs on the coarse tick clock: 50 ms of slack, as in the hold tests.
        Assert.True(elapsed >= TimeSpan.FromSeconds(HoldMaxSeconds) - TimeSpan.FromMilliseconds(50), $"Shed after {elapsed.TotalMilliseconds:F0} ms, before the hold ended.");
        Assert.Equal(["oUserOne"], dispatcher.RecordedUsers);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal("success", await answered.Content.ReadAsStringAsync(ct));
    }

    /// <summary>Holds every record until released, so that the first push keeps the one place taken.</summary>
    private sealed class BlockingDispatcher : IConversationDispatcher
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _recordStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<string> _users = [];

        public Task RecordStarted => _recordStarted.Task;

        public IReadOnlyList<string> RecordedUsers
        {
            get
            {
                lock (_users)
                {
                    return [.. _users];
                }
            }
        }

        public void Release() => _release.TrySetResult();

        public async Task<RecordOutcome> RecordAsync(ConversationKey key, InboundMessage message, ReplyDeadline deadline, CancellationToken cancellationToken)
        {
            lock (_users)
            {
                _users.Add(key.User);
            }

            _recordStarted.TrySetResult();
            await _release.Task;
            return new RecordOutcome { Attempt = 1, ReceivedAt = DateTimeOffset.UtcNow, AnswerReady = true, Reply = PassiveReply.Acknowledge };
        }

        public Task<bool> WaitForAnswerAsync(ConversationKey key, string dedupId, DateTimeOffset grainDeadline, ReplyDeadline deadline, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<PassiveReply> ClaimPassiveReplyAsync(ConversationKey key, string dedupId, ReplyDeadline deadline, CancellationToken cancellationToken) =>
            Task.FromResult(PassiveReply.Acknowledge);
    }
}
