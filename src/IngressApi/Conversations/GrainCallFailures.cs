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
    /// returns what the first one claimed. So is a database error from the grain's storage, which reaches the ingress
    /// inside the storage provider's exception: typically the first use of a pooled connection that PostgreSQL ended
    /// during a blip (Npgsql never checks an idle connection before handing it out; the failure discards it, and the
    /// next attempt gets a fresh one). The driver's own transient flag does not survive Orleans' exception
    /// serialization (the SQL state is lost), so every database error counts; one that lasts only costs the bounded
    /// retries before the hold. Anything else (a bug) is not retried: the request is held and WeChat's own retry comes
    /// back later.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        _ when HasDatabaseCause(exception) => true,
        // SiloUnavailableException is an OrleansMessageRejectionException.
        OrleansMessageRejectionException => true,
        ConnectionFailedException => true,
        GatewayTooBusyException => true,
        InconsistentStateException => true,
        TimeoutRejectedException => true,
        TimeoutException => true,
        _ => false,
    };

    private static bool HasDatabaseCause(Exception exception)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is System.Data.Common.DbException)
            {
                return true;
            }
        }

        return false;
    }
}
