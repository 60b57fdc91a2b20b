using CustomerService.IngressApi.Conversations;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly.Timeout;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// The policy as the dispatcher runs it, on a fake clock. Attempts that "take time" advance the clock themselves, and
/// the retry delay is zero here (the budget arithmetic with real delays is GrainCallBudgetTests'), so every run is
/// deterministic and nothing waits.
/// </summary>
public sealed class GrainCallPolicyTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Execute_TwoTransientFailuresThenSuccess_ReturnsTheThirdAttemptsResult()
    {
        var policy = Policy(retries: 2);
        var attempts = 0;

        var result = await policy.ExecuteAsync(
            "Record", "key",
            _ => ++attempts < 3 ? Task.FromException<int>(new SiloUnavailableException()) : Task.FromResult(attempts),
            () => 4000 * Ms, 1500 * Ms, CancellationToken.None);

        Assert.Equal(3, result);
    }

    [Fact]
    public async Task Execute_PermanentFailure_ThrowsAfterOneAttempt()
    {
        var policy = Policy(retries: 2);
        var attempts = 0;

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => policy.ExecuteAsync<int>(
            "Record", "key",
            _ =>
            {
                attempts++;
                throw new InvalidOperationException("a bug");
            },
            () => 4000 * Ms, 1500 * Ms, CancellationToken.None));

        Assert.Equal(("a bug", 1), (failure.Message, attempts));
    }

    [Fact]
    public async Task Execute_TransientFailuresBeyondTheRetries_ThrowsTheLastAfterOnePlusRetriesAttempts()
    {
        var policy = Policy(retries: 2);
        var attempts = 0;

        await Assert.ThrowsAsync<GatewayTooBusyException>(() => policy.ExecuteAsync<int>(
            "Record", "key",
            _ =>
            {
                attempts++;
                throw new GatewayTooBusyException();
            },
            () => 4000 * Ms, 1500 * Ms, CancellationToken.None));

        Assert.Equal(3, attempts);
    }

    // The window, not the retry count, stops it: after a 1900 ms attempt of a 2000 ms window, less than a minimum
    // attempt is left.
    [Fact]
    public async Task Execute_WindowSpentByAFailedAttempt_NoRetry()
    {
        var policy = Policy(retries: 2);
        var window = Window(2000 * Ms);
        var attempts = 0;

        await Assert.ThrowsAsync<SiloUnavailableException>(() => policy.ExecuteAsync<int>(
            "Record", "key",
            _ =>
            {
                attempts++;
                _time.Advance(1900 * Ms);
                throw new SiloUnavailableException();
            },
            window, 1500 * Ms, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    // An attempt that never answers is cut at its timeout (the record limit, not the longer window), and the policy
    // reports Polly's TimeoutRejectedException, which the next attempt would have retried.
    [Fact]
    public async Task Execute_AttemptNeverAnswers_TimesOutAtTheAttemptLimit()
    {
        var policy = Policy(retries: 0);
        var attemptToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var neverAnswers = new TaskCompletionSource<int>();

        var call = policy.ExecuteAsync(
            "Record", "key",
            token =>
            {
                attemptToken.SetResult(token);
                return neverAnswers.Task.WaitAsync(token);
            },
            () => 4000 * Ms, 1500 * Ms, CancellationToken.None);
        var token = await attemptToken.Task;
        _time.Advance(1499 * Ms);
        var cancelledEarly = token.IsCancellationRequested;
        _time.Advance(1 * Ms);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);
        Assert.False(cancelledEarly);
        Assert.False(neverAnswers.Task.IsCompleted);
    }

    private GrainCallPolicy Policy(int retries) =>
        new(new GrainCallBudget(1500 * Ms, retries, TimeSpan.Zero), _time, NullLogger<GrainCallPolicy>.Instance);

    private Func<TimeSpan> Window(TimeSpan length)
    {
        var started = _time.GetTimestamp();
        return () => length - _time.GetElapsedTime(started);
    }
}
