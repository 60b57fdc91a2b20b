using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Llm;

/// <summary>
/// Instruments of the model calls (meter <c>CustomerService.Llm</c>): calls by outcome, tokens as the provider
/// reports them, and their cost at <c>Llm:PricePer1kInputTokens</c> / <c>Llm:PricePer1kOutputTokens</c>.
/// </summary>
public sealed class LlmMetrics
{
    public const string MeterName = "CustomerService.Llm";

    private readonly IOptionsMonitor<LlmOptions> _options;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cost;

    public LlmMetrics(IMeterFactory meterFactory, IOptionsMonitor<LlmOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _options = options;
        var meter = meterFactory.Create(MeterName);
        _calls = meter.CreateCounter<long>("cs.llm.calls", "{call}", "Model calls, by outcome (succeeded, failed, timedout, interrupted).");
        _tokens = meter.CreateCounter<long>("cs.llm.tokens", "{token}", "Tokens the provider reported, by type (input, output) and model.");
        _cost = meter.CreateCounter<double>("cs.llm.cost", "{currency}", "Cost of the reported tokens at the configured prices per 1000 tokens, by model (in the prices' currency; 0 while no price is set).");
    }

    /// <summary>The cost of the tokens at the configured prices, in their currency.</summary>
    public static decimal CostOf(long inputTokens, long outputTokens, LlmOptions prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        return (inputTokens * prices.PricePer1kInputTokens + outputTokens * prices.PricePer1kOutputTokens) / 1000m;
    }

    public void Called(string outcome) => _calls.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Records what a response used. Providers that report no usage add nothing.</summary>
    public void Used(UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        var settings = _options.CurrentValue;
        var model = new KeyValuePair<string, object?>("model", settings.Model ?? "unknown");
        var input = usage.InputTokenCount ?? 0;
        var output = usage.OutputTokenCount ?? 0;
        _tokens.Add(input, new KeyValuePair<string, object?>("type", "input"), model);
        _tokens.Add(output, new KeyValuePair<string, object?>("type", "output"), model);
        _cost.Add((double)CostOf(input, output, settings), model);
    }
}
