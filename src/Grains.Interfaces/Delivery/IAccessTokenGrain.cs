using Orleans.Concurrency;

namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>
/// The one access-token authority of a platform account for the whole cluster (one activation per key; keyed by
/// <see cref="AccountKey"/>'s string form, e.g. <c>wechat|wx1234567890abcdef</c>). Senders ask it for the token
/// and report the token the platform rejected; it refreshes ahead of expiry, coalesces concurrent reports, and
/// force-refreshes only when the platform keeps handing out the rejected token, within the platform's limits.
/// </summary>
/// <remarks>
/// The token lives in the activation's memory only and is never persisted; a new activation fetches it again
/// (normal mode returns the same token while it is valid, so this costs no invalidation).
/// </remarks>
[Alias("cs.IAccessTokenGrain")]
public interface IAccessTokenGrain : IGrainWithStringKey
{
    /// <summary>Returns a token that has a few minutes left at least, fetching one when needed.</summary>
    [Alias("GetTokenAsync")]
    Task<AccessTokenLease> GetTokenAsync();

    /// <summary>
    /// Reports that the platform rejected <paramref name="failingToken"/> (40001, 40014, 42001, 41001 on WeChat) and
    /// returns the token to retry with, once. Concurrent reports of one token cause at most one refresh.
    /// </summary>
    [Alias("ReportRejectedAsync")]
    Task<AccessTokenLease> ReportRejectedAsync(string failingToken);

    /// <summary>What the authority knows, for operators (never the token itself).</summary>
    [Alias("GetStatusAsync"), ReadOnly]
    Task<AccessTokenStatus> GetStatusAsync();
}
