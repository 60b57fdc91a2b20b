namespace CustomerService.IngressApi.Http;

/// <summary>
/// Counts the requests in flight against a limit without queueing: a request over the limit is refused at once, and
/// its handler sheds it (for WeChat: a hold, so that the platform retries).
/// </summary>
public sealed class ConcurrencyGate(int limit)
{
    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Takes a place, or returns false when all <c>limit</c> places are taken. A place is given back by <see cref="Exit"/>.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
