using System.Collections.Concurrent;
using CustomerService.Channels.WeChat;
using CustomerService.Channels.WeChat.Api;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>
/// One resilience pipeline per Official Account, shared by every conversation of the silo: a timeout per call
/// (HttpClient's default is 100 s) and a circuit breaker, so that one account's outage fails fast instead of tying
/// up every outbox. Per silo by design: the breaker protects this silo's calls; nothing here is a cluster-wide fact.
/// </summary>
public sealed class WeChatSendPipelines(IOptions<WeChatOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.Ordinal);

    public ResiliencePipeline For(string appId) => _pipelines.GetOrAdd(appId, _ => Build());

    private ResiliencePipeline Build() => new ResiliencePipelineBuilder { TimeProvider = time }
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = 10,
            SamplingDuration = TimeSpan.FromSeconds(30),
            BreakDuration = TimeSpan.FromSeconds(15),
            ShouldHandle = new PredicateBuilder()
                .Handle<HttpRequestException>()
                .Handle<TimeoutRejectedException>()
                .Handle<TaskCanceledException>()
                .Handle<WeChatHttpException>(),
        })
        .AddTimeout(TimeSpan.FromMilliseconds(options.Value.SendTimeoutMs))
        .Build();
}
