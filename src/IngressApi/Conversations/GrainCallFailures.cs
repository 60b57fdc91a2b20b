using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Polly.Timeout;

namespace CustomerService.IngressApi.Conversations;

/// <summary>Which failures of a grain call are worth another attempt.</summary>
public static class GrainCallFailures
{
    /// <summary>
    /// True for failures that a retry a moment later can get past: the grain's silo died or is not yet known dead
    /// (silo unavailable, message rejected, connection failed), the gateway is overloaded, the grain's activation
    /// lost a storage race to its successor (inconsistent state), or the attempt ran out of time. Each retry is safe:
    /// the conversation grain drops a repeated push by its dedup id, the wait is read-only, and a repeated claim
    /// returns what the first one claimed. Anything else (a bug, a storage outage) is not retried: the request is held
    /// and WeChat's own retry comes back later.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        // SiloUnavailableException is an OrleansMessageRejectionException.
        OrleansMessageRejectionException => true,
        ConnectionFailedException => true,
        GatewayTooBusyException => true,
        InconsistentStateException => true,
        TimeoutRejectedException => true,
        TimeoutException => true,
        _ => false,
    };
}
