using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Llm;

/// <summary>
/// Bounds the model calls in flight on one silo (<c>Llm:MaxConcurrentCalls</c>). A per-silo resource guard, not
/// cluster-wide state: every silo has its own share of the provider's capacity.
/// </summary>
public sealed class LlmConcurrencyLimiter(IOptions<LlmOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentCalls, options.Value.MaxConcurrentCalls);

    public async Task<IDisposable> AcquireAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Release(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Release(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
