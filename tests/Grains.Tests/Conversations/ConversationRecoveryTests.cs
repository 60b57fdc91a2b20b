using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using Microsoft.Data.Sqlite;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// A silo that dies loses nothing: every push was durable before the first call returned, and work that was running
/// when the silo died runs again on the next activation, with its reply still going out once.
/// </summary>
[Collection(SiloRecoveryCollectionDefinition.Name)]
public sealed class ConversationRecoveryTests : IAsyncLifetime
{
    private const string FaqQuestion = "什么时候发货";

    private readonly SqliteConversationCluster _cluster = new();
    private readonly ConversationMetricListener _reruns = new(ConversationMetricListener.Reruns);

    public ValueTask InitializeAsync() => _cluster.InitializeAsync();

    public async ValueTask DisposeAsync()
    {
        _reruns.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task RecordInbound_SiloDiesWhileTheModelAnswers_RetryRunsTheWorkAgainAndRepliesOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        const string question = "请介绍一下敦煌莫高窟";
        const string answer = "莫高窟位于甘肃敦煌，现存洞窟735个。";
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(question);
        var callOnDeadSilo = _cluster.Chat.Hold(question);
        var first = await _cluster.Conversation(key).RecordInboundAsync(push);
        await callOnDeadSilo.Called;

        await _cluster.KillSiloAndStartAnotherAsync(() => callOnDeadSilo.Release("死去的 silo 上的回答"), ct);
        Assert.Equal((1, false), (first.Attempt, first.AnswerReady));
        await RetryOnTheNewSiloAnswersOnceAsync(key, push, question, answer, ct);
    }

    // A stopping silo cuts the model call short (ApplicationStopping) instead of waiting out the model timeout; the
    // push stays unanswered (no fallback is recorded), and the platform's retry on the new silo runs it again.
    [Fact]
    public async Task RecordInbound_SiloStopsGracefullyWhileTheModelAnswers_CancelsTheCallAndTheRetryRunsItAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        const string question = "请介绍一下西湖十景";
        const string answer = "西湖十景包括苏堤春晓、曲院风荷、平湖秋月等。";
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(question);
        var callOnStoppingSilo = _cluster.Chat.Hold(question);
        await _cluster.Conversation(key).RecordInboundAsync(push);
        await callOnStoppingSilo.Called;

        var restart = _cluster.StopSiloGracefullyAndStartAnotherAsync(ct);
        await callOnStoppingSilo.Cancelled;
        await restart;
        await RetryOnTheNewSiloAnswersOnceAsync(key, push, question, answer, ct);
    }

    // A model answer that still arrives while the silo stops (a response already on its way, or a worker that ran on
    // another silo) is not stored by the stopping activation: another activation may already run on the stored state
    // elsewhere (the other silos drop a stopping silo's activations from the directory at once), and a write now would
    // overwrite its state or make its writes fail. The push stays unanswered, and the retry on the new silo runs it again.
    [Fact]
    public async Task RecordInbound_AnswerArrivesWhileTheSiloStops_StoppingActivationStoresNothingAndTheRetryRunsItAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        const string question = "请介绍一下黄山的四绝";
        const string answer = "黄山四绝：奇松、怪石、云海、温泉。";
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(question);
        var callOnStoppingSilo = _cluster.Chat.HoldPastCancellation(question);
        await _cluster.Conversation(key).RecordInboundAsync(push);
        await callOnStoppingSilo.Called;

        var restart = _cluster.StopSiloGracefullyAndStartAnotherAsync(ct);
        await callOnStoppingSilo.Cancelled;
        callOnStoppingSilo.Release("停止中的 silo 上的回答");
        await restart;
        await RetryOnTheNewSiloAnswersOnceAsync(key, push, question, answer, ct);
    }

    // Another activation wrote the conversation's state meanwhile (as when it came up on another silo while this one
    // still ran): the answer this activation then finishes cannot be stored, so it goes at once instead of living on
    // with a stale state (every later write of it would fail), and the retry reaches a fresh activation, which reads
    // the stored state and runs the work again.
    [Fact]
    public async Task Answer_StateChangedByAnotherActivation_StaleActivationGoesAndTheRetryRunsTheWorkAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        const string question = "请介绍一下桂林山水";
        const string answer = "桂林山水以山青、水秀、洞奇、石美著称。";
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(question);
        var callOnStaleActivation = _cluster.Chat.Hold(question);
        var grain = _cluster.Conversation(key);
        await grain.RecordInboundAsync(push);
        await callOnStaleActivation.Called;

        var changed = await BumpStoredVersionAsync(key);
        // Waiting inside the stale activation before the answer comes: it returns once the work has ended there (its
        // write refused), and never activates the conversation anew. The snapshot, sent after it on the same
        // connection, returns once the wait has started.
        var workEnded = grain.WaitForAnswerAsync(push.DedupId, _cluster.Time.GetUtcNow() + TimeSpan.FromMinutes(1), ct);
        await grain.GetSnapshotAsync();
        callOnStaleActivation.Release("过期激活上的回答");
        await workEnded;

        Assert.Equal(1, changed);
        await RetryOnTheNewSiloAnswersOnceAsync(key, push, question, answer, ct);
    }

    [Fact]
    public async Task Activation_UnfinishedWorkLeftByADeadSilo_RunsAgainWithoutARetry()
    {
        var ct = TestContext.Current.CancellationToken;
        const string question = "请介绍一下苏州园林的特点";
        const string answer = "苏州园林讲究借景与对景，移步换景。";
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(question);
        var callOnDeadSilo = _cluster.Chat.Hold(question);
        await _cluster.Conversation(key).RecordInboundAsync(push);
        await callOnDeadSilo.Called;

        await _cluster.KillSiloAndStartAnotherAsync(() => callOnDeadSilo.Release("死去的 silo 上的回答"), ct);
        var callOnNewSilo = _cluster.Chat.Hold(question);
        var grain = _cluster.Conversation(key);
        await grain.GetSnapshotAsync();
        await callOnNewSilo.Called;
        callOnNewSilo.Release(answer);
        var ready = await grain.WaitForAnswerAsync(push.DedupId, _cluster.Time.GetUtcNow() + TimeSpan.FromMinutes(1), ct);

        Assert.True(ready);
        Assert.Equal(
            new MessageView { DedupId = push.DedupId, Status = MessageStatus.Answered, Attempts = 1, Answer = answer, AnswerSource = "llm", Delivery = DeliveryState.Pending },
            Assert.Single((await grain.GetSnapshotAsync()).Messages));
    }

    [Fact]
    public async Task RecordInbound_SiloDiesRightAfterAFaqAnswerWasRecorded_RetryGetsAttemptTwoAndTheFaqReply()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(FaqQuestion);
        var first = await _cluster.Conversation(key).RecordInboundAsync(push);

        await _cluster.KillSiloAndStartAnotherAsync(null, ct);
        var grain = _cluster.Conversation(key);
        var retry = await grain.RecordInboundAsync(push);
        var reply = await grain.ClaimPassiveReplyAsync(push.DedupId);

        Assert.Equal((1, true), (first.Attempt, first.AnswerReady));
        Assert.Equal((2, true), (retry.Attempt, retry.AnswerReady));
        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf(FaqQuestion)), reply);
        Assert.Empty(_cluster.Chat.Calls);
    }

    [Fact]
    public async Task ClaimPassiveReply_SiloDiesAfterTheReplyWentOut_RetryGetsTheSameReplyAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = SqliteConversationCluster.NewKey();
        var push = Pushes.Text(FaqQuestion);
        await _cluster.Conversation(key).RecordInboundAsync(push);
        var delivered = await _cluster.Conversation(key).ClaimPassiveReplyAsync(push.DedupId);

        await _cluster.KillSiloAndStartAnotherAsync(null, ct);
        var grain = _cluster.Conversation(key);
        var retry = await grain.RecordInboundAsync(push);
        var status = Assert.Single((await grain.GetSnapshotAsync()).Messages).Status;
        var again = await grain.ClaimPassiveReplyAsync(push.DedupId);

        Assert.Equal(PassiveReply.WithText(SampleFaq.AnswerOf(FaqQuestion)), delivered);
        Assert.Equal(2, retry.Attempt);
        Assert.Equal(MessageStatus.Delivered, status);
        Assert.Equal(delivered, again);
    }

    // What another activation's write does to the stored row: its version moves on.
    private async Task<int> BumpStoredVersionAsync(ConversationKey key)
    {
        await using var connection = new SqliteConnection(_cluster.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE grain_state SET version = version + 1 WHERE grain_id_extension = $key";
        command.Parameters.AddWithValue("$key", key.ToString());
        return await command.ExecuteNonQueryAsync();
    }

    // The platform's retry reaches the new silo: the work runs again exactly once more (the model is called a second
    // time, the re-run metric counts 1), and the model's answer goes out once, recorded once, with one history pair.
    private async Task RetryOnTheNewSiloAnswersOnceAsync(ConversationKey key, InboundMessage push, string question, string answer, CancellationToken ct)
    {
        var callOnNewSilo = _cluster.Chat.Hold(question);
        var rerunsBefore = _reruns.Total;
        var grain = _cluster.Conversation(key);
        var retry = await grain.RecordInboundAsync(push);
        await callOnNewSilo.Called;
        var reruns = _reruns.Total - rerunsBefore;
        callOnNewSilo.Release(answer);
        var ready = await grain.WaitForAnswerAsync(push.DedupId, _cluster.Time.GetUtcNow() + TimeSpan.FromMinutes(1), ct);
        var reply = await grain.ClaimPassiveReplyAsync(push.DedupId);
        var snapshot = await grain.GetSnapshotAsync();

        Assert.Equal((2, false), (retry.Attempt, retry.AnswerReady));
        Assert.Equal(2, _cluster.Chat.CallsFor(question));
        Assert.Equal(1, reruns);
        Assert.True(ready);
        Assert.Equal(PassiveReply.WithText(answer), reply);
        Assert.Equal(
            new MessageView { DedupId = push.DedupId, Status = MessageStatus.Delivered, Attempts = 2, Answer = answer, AnswerSource = "llm", Delivery = DeliveryState.Delivered },
            Assert.Single(snapshot.Messages));
        Assert.Equal(
            [(ChatRole.User, question), (ChatRole.Assistant, answer)],
            snapshot.History.Select(t => (t.Role, t.Text)));
    }
}
