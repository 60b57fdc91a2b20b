using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.IngressApi.Conversations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// The dispatcher's calls against a fake grain on a fake clock: a timed-out attempt is retried, and its timeout never
/// reaches the grain. The retry delay is zero here, so that the clock only moves when the test moves it.
/// </summary>
public sealed class GrainConversationDispatcherTests : IDisposable
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private static readonly ConversationKey Key = new(ChannelKind.WeChat, "wxtest00000000000", "oUser");
    private static readonly InboundMessage Push = new()
    {
        DedupId = "m1",
        Kind = InboundKind.Text,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Text = "hi",
    };

    private readonly FakeTimeProvider _time = new();
    private readonly FakeConversationGrain _grain = new();
    private readonly GrainConversationDispatcher _dispatcher;

    public GrainConversationDispatcherTests()
    {
        var policy = new GrainCallPolicy(new GrainCallBudget(1500 * Ms, retries: 2, TimeSpan.Zero), _time, NullLogger<GrainCallPolicy>.Instance);
        _dispatcher = new GrainConversationDispatcher(SingleGrainFactory.Returning(_grain), policy);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _grain.Dispose();

    // The first record attempt hangs (its silo died mid-call): after Cluster:RecordTimeoutMs the dispatcher asks
    // again, and the grain's dedup makes the second call safe. The first call is still running: nothing cancelled it.
    [Fact]
    public async Task Record_FirstAttemptHangs_RetriedAfterTheRecordTimeout()
    {
        var hanging = new TaskCompletionSource<RecordOutcome>();
        var outcome = new RecordOutcome { Attempt = 2, ReceivedAt = DateTimeOffset.UnixEpoch, AnswerReady = true };
        _grain.AnswerRecord(hanging.Task);
        _grain.AnswerRecord(Task.FromResult(outcome));

        var record = _dispatcher.RecordAsync(Key, Push, ReplyDeadline.StartingNow(_time, 4500 * Ms), CancellationToken.None);
        await _grain.RecordCalled.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        _time.Advance(1500 * Ms);
        await _grain.RecordCalled.WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Same(outcome, await record);
        Assert.False(hanging.Task.IsCompleted);
    }

    // The wait's attempt times out at the end of what is left before the claim reserve (4500 - 250 ms); the grain's
    // token is the request's own, which the timeout never cancels.
    [Fact]
    public async Task Wait_GrainNeverAnswers_TimesOutWithoutCancellingTheGrainsToken()
    {
        using var request = new CancellationTokenSource();
        _grain.AnswerWait(new TaskCompletionSource<bool>().Task);

        var wait = _dispatcher.WaitForAnswerAsync(Key, "m1", DateTimeOffset.UnixEpoch, ReplyDeadline.StartingNow(_time, 4500 * Ms), request.Token);
        await _grain.WaitCalled.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        _time.Advance(4250 * Ms);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => wait);
        var grainToken = Assert.Single(_grain.WaitTokens);
        Assert.Equal(request.Token, grainToken);
        Assert.False(grainToken.IsCancellationRequested);
    }

    [Fact]
    public async Task Claim_SiloUnavailableOnce_RetriedAndReturnsTheReply()
    {
        _grain.AnswerClaim(Task.FromException<PassiveReply>(new SiloUnavailableException()));
        _grain.AnswerClaim(Task.FromResult(PassiveReply.WithText("答案")));

        var reply = await _dispatcher.ClaimPassiveReplyAsync(Key, "m1", ReplyDeadline.StartingNow(_time, 4500 * Ms), CancellationToken.None);

        Assert.Equal("答案", reply.Text);
    }
}
