using System.Collections.Concurrent;
using System.Diagnostics;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.IngressApi.Tests.WeChat;

namespace CustomerService.IngressApi.Tests.Telemetry;

/// <summary>
/// Traces connect: the webhook request, the grain call it makes (caller and callee side) and the conversation's state
/// write share one trace, because activity propagation is on for grain calls. The listener stands in for an
/// exporter (what an OTLP exporter would receive); it is process-wide, so the test keeps only its own conversation.
/// </summary>
public sealed class TraceTests(RealSiloFixture host) : IClassFixture<RealSiloFixture>
{
    private const string RecordSpan = "IConversationGrain/RecordInboundAsync";

    [Fact]
    public async Task Push_ThroughTheIngress_RequestGrainCallAndStateWriteShareOneTrace()
    {
        var stopped = new ConcurrentQueue<Activity>();
        var requestStopped = new ConcurrentDictionary<ActivityTraceId, TaskCompletionSource<Activity>>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal) || s.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                stopped.Enqueue(a);
                if (a.Source.Name == "Microsoft.AspNetCore")
                {
                    requestStopped.GetOrAdd(a.TraceId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var user = "oTrace" + Guid.NewGuid().ToString("N");
        var grainId = "conversation/" + new ConversationKey(ChannelKind.WeChat, TestAccount.AppId, user);

        var exchange = await TestAccount.Simulator(host.Client).SendTextAsync(user, "什么时候发货", TestContext.Current.CancellationToken);

        Assert.Null(exchange.Error);
        var calls = stopped.Where(a => a.OperationName == RecordSpan && Equals(a.GetTagItem("orleans.rpc.target_id"), grainId)).ToList();
        var caller = Assert.Single(calls, a => a.Kind == ActivityKind.Client);
        var callee = Assert.Single(calls, a => a.Kind == ActivityKind.Server);

        // The request's own span ends after its response has gone out, so it may stop after the client has read it.
        var request = await requestStopped.GetOrAdd(caller.TraceId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var spans = stopped.ToList();
        Assert.Equal(default, request.ParentSpanId);
        Assert.Equal(caller.SpanId, callee.ParentSpanId);
        Assert.Contains(spans, a => a.OperationName == "write storage" && a.TraceId == request.TraceId && Equals(a.GetTagItem("orleans.grain.id"), grainId));
    }
}
