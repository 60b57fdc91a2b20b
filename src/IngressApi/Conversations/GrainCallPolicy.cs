using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CustomerService.IngressApi.Conversations;

/// <summary>
/// Runs one grain call with a timeout per attempt and bounded retries with a constant delay, all inside the window
/// the caller gives (what is left of the reply budget), by <see cref="GrainCallBudget"/>'s arithmetic.
/// </summary>
/// <remarks>
/// A timeout cancels only the caller's wait for the attempt: the token handed to the call must never be passed on to
/// the grain (callers use <c>grainCall.WaitAsync(token)</c>), so that a timed-out record still finishes writing the
/// push, and the grain's work never inherits a timeout.
/// </remarks>
public sealed partial class GrainCallPolicy
{
    private static readonly ResiliencePropertyKey<CallWindow> WindowKey = new("cs.grain-call-window");

    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<GrainCallPolicy> _logger;

    public GrainCallPolicy(GrainCallBudget budget, TimeProvider time, ILogger<GrainCallPolicy> logger)
    {
        ArgumentNullException.ThrowIfNull(budget);
        Budget = budget;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (budget.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = budget.Retries,
                BackoffType = DelayBackoffType.Constant,
                Delay = budget.RetryDelay,
                UseJitter = false,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } failure
                    && GrainCallFailures.IsTransient(failure)
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && budget.CanRetry(args.AttemptNumber, Window(args.Context).Remaining())),
                OnRetry = args =>
                {
                    var window = Window(args.Context);
                    LogRetry(_logger, window.Operation, window.Subject, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.GetType().Name);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args =>
                {
                    var window = Window(args.Context);
                    return ValueTask.FromResult(GrainCallBudget.AttemptTimeout(window.Remaining(), window.AttemptLimit));
                },
            })
            .Build();
    }

    public GrainCallBudget Budget { get; }

    /// <summary>
    /// Runs <paramref name="call"/> until it succeeds, fails with a failure that is not transient, or the window
    /// (<paramref name="remaining"/>, read afresh before each attempt and retry) has no room for another attempt.
    /// </summary>
    /// <param name="operation">The call's name, for the log.</param>
    /// <param name="subject">What it is about (the conversation), for the log.</param>
    /// <param name="call">One attempt; the token it gets is cancelled when the attempt times out.</param>
    /// <param name="remaining">What is left of the call's window at the moment of asking.</param>
    /// <param name="attemptLimit">The most one attempt may take, within the window; null for no limit of its own.</param>
    /// <param name="cancellationToken">Ends the call (and its retries) early; never passed to the grain by this class.</param>
    public async Task<T> ExecuteAsync<T>(
        string operation,
        string subject,
        Func<CancellationToken, Task<T>> call,
        Func<TimeSpan> remaining,
        TimeSpan? attemptLimit,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(remaining);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(WindowKey, new CallWindow(operation, subject, remaining, attemptLimit));
            return await _pipeline.ExecuteAsync(
                static async (ctx, attempt) => await attempt(ctx.CancellationToken),
                context,
                call);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static CallWindow Window(ResilienceContext context) =>
        context.Properties.TryGetValue(WindowKey, out var window)
            ? window
            : throw new InvalidOperationException("A grain call ran through the policy without its window.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grain call {Operation} for {Subject} failed ({Failure}); retry {Retry} in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string operation, string subject, int retry, double delayMs, string? failure);

    private sealed record CallWindow(string Operation, string Subject, Func<TimeSpan> RemainingNow, TimeSpan? AttemptLimit)
    {
        public TimeSpan Remaining() => RemainingNow();
    }
}
