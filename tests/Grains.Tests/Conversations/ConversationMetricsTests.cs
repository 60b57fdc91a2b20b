using System.Diagnostics.Metrics;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// What the conversation and model instruments record, read from this cluster's silo only (its meter factory is the
/// scope), so that silos of other test classes add nothing. The collection runs its tests one at a time.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ConversationMetricsTests(ConversationClusterFixture fixture)
{
    [Fact]
    public async Task RecordInbound_FaqQuestion_RecordsAnAnswerOnPathFaqAndItsLatency()
    {
        using var answers = Collect<long>(ConversationMetrics.MeterName, "cs.conversation.answers");
        using var latency = Collect<double>(ConversationMetrics.MeterName, "cs.conversation.reply.duration");

        await fixture.NewConversation().RecordInboundAsync(Pushes.Text("什么时候发货"));

        var answer = Assert.Single(answers.GetMeasurementSnapshot());
        Assert.Equal(1, answer.Value);
        Assert.Equal(Tags(("path", "faq"), ("source", "faq")), Sorted(answer.Tags));
        var waited = Assert.Single(latency.GetMeasurementSnapshot());
        Assert.Equal(0, waited.Value);
        Assert.Equal(Tags(("path", "faq")), Sorted(waited.Tags));
    }

    [Fact]
    public async Task RecordInbound_NewTextPush_CountsItByChannelAndKind()
    {
        using var pushes = Collect<long>(ConversationMetrics.MeterName, "cs.conversation.pushes");

        await fixture.NewConversation().RecordInboundAsync(Pushes.Text("什么时候发货"));

        var push = Assert.Single(pushes.GetMeasurementSnapshot());
        Assert.Equal(Tags(("channel", "wechat"), ("kind", "text")), Sorted(push.Tags));
    }

    // The label is the records' spelling of the kind, so that a dashboard and a SQL query name it alike.
    [Fact]
    public async Task RecordInbound_MenuClick_CountsItWithTheRecordsSpellingOfItsKind()
    {
        using var pushes = Collect<long>(ConversationMetrics.MeterName, "cs.conversation.pushes");

        await fixture.NewConversation().RecordInboundAsync(Pushes.Of(CustomerService.Grains.Interfaces.Conversations.InboundKind.MenuClick, eventKey: "V1001_TODAY"));

        var push = Assert.Single(pushes.GetMeasurementSnapshot());
        Assert.Equal(Tags(("channel", "wechat"), ("kind", "menu_click")), Sorted(push.Tags));
    }

    [Fact]
    public async Task ModelAnswer_ReadyThreeSecondsAfterThePush_RecordsPathLlmWithThreeSeconds()
    {
        const string question = "请介绍一下苏州园林的特点";
        var held = fixture.Chat.Hold(question);
        using var answers = Collect<long>(ConversationMetrics.MeterName, "cs.conversation.answers");
        using var latency = Collect<double>(ConversationMetrics.MeterName, "cs.conversation.reply.duration");
        var grain = fixture.NewConversation();
        var push = Pushes.Text(question);
        await grain.RecordInboundAsync(push);
        await held.Called;

        fixture.Time.Advance(TimeSpan.FromSeconds(3));
        held.Release("园林讲究借景与留白。");
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, DateTimeOffset.MaxValue, TestContext.Current.CancellationToken));

        var answer = Assert.Single(answers.GetMeasurementSnapshot());
        Assert.Equal(Tags(("path", "llm"), ("source", "llm")), Sorted(answer.Tags));
        var waited = Assert.Single(latency.GetMeasurementSnapshot());
        Assert.Equal(3.0, waited.Value);
        Assert.Equal(Tags(("path", "llm")), Sorted(waited.Tags));
    }

    [Fact]
    public async Task ModelFailure_RecordsTheFallbackPathAndAFailedCall()
    {
        const string question = "请问你们的售后政策能不能详细说明一下";
        fixture.Chat.Fail(question);
        using var answers = Collect<long>(ConversationMetrics.MeterName, "cs.conversation.answers");
        using var calls = Collect<long>(LlmMetrics.MeterName, "cs.llm.calls");
        var grain = fixture.NewConversation();
        var push = Pushes.Text(question);

        await grain.RecordInboundAsync(push);
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, DateTimeOffset.MaxValue, TestContext.Current.CancellationToken));

        var answer = Assert.Single(answers.GetMeasurementSnapshot());
        Assert.Equal(Tags(("path", "fallback"), ("source", "fallback")), Sorted(answer.Tags));
        var call = Assert.Single(calls.GetMeasurementSnapshot());
        Assert.Equal(Tags(("outcome", "failed")), Sorted(call.Tags));
    }

    [Fact]
    public async Task ModelAnswer_WithReportedUsage_RecordsInputAndOutputTokensAndTheirCost()
    {
        const string question = "请给我推荐三本适合初学者的编程书";
        fixture.Chat.ReportUsage(question, inputTokens: 1200, outputTokens: 350);
        using var tokens = Collect<long>(LlmMetrics.MeterName, "cs.llm.tokens");
        using var cost = Collect<double>(LlmMetrics.MeterName, "cs.llm.cost");
        var grain = fixture.NewConversation();
        var push = Pushes.Text(question);

        await grain.RecordInboundAsync(push);
        Assert.True(await grain.WaitForAnswerAsync(push.DedupId, DateTimeOffset.MaxValue, TestContext.Current.CancellationToken));

        var byType = tokens.GetMeasurementSnapshot().ToDictionary(m => (string)m.Tags["type"]!, m => m.Value);
        Assert.Equal(new Dictionary<string, long> { ["input"] = 1200, ["output"] = 350 }, byType);
        Assert.All(tokens.GetMeasurementSnapshot(), m => Assert.Equal("test-model", m.Tags["model"]));
        // 1200 × 2 / 1000 + 350 × 6 / 1000 = 2.4 + 2.1
        var spent = Assert.Single(cost.GetMeasurementSnapshot());
        Assert.Equal(4.5, spent.Value, precision: 9);
    }

    [Theory]
    [InlineData("faq", "faq")]
    [InlineData("llm", "llm")]
    [InlineData("fallback", "fallback")]
    [InlineData("fallback:timedout", "fallback")]
    [InlineData("fallback:error", "fallback")]
    [InlineData("welcome", "canned")]
    [InlineData("rate-limit", "canned")]
    [InlineData("handoff", "canned")]
    public void PathOf_Source_MapsToTheReplyPath(string source, string path) =>
        Assert.Equal(path, ConversationMetrics.PathOf(source));

    private MetricCollector<T> Collect<T>(string meterName, string instrumentName)
        where T : struct =>
        new(fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IMeterFactory>(), meterName, instrumentName);

    private static List<KeyValuePair<string, object?>> Tags(params (string Key, string Value)[] tags) =>
        [.. tags.Select(t => new KeyValuePair<string, object?>(t.Key, t.Value)).OrderBy(t => t.Key, StringComparer.Ordinal)];

    private static List<KeyValuePair<string, object?>> Sorted(IReadOnlyDictionary<string, object?> tags) =>
        [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal)];
}
