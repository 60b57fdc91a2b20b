namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>Why an <see cref="AccessTokenLease"/> holds no token.</summary>
[Alias("cs.AccessTokenProblem")]
public enum AccessTokenProblem
{
    /// <summary>The lease holds a token.</summary>
    None = 0,

    /// <summary>
    /// The account is configured wrongly (AppId, secret, IP whitelist, frozen secret): nothing is retried until an
    /// operator fixes it; the authority tries again after a back-off so that a fix is picked up.
    /// </summary>
    ConfigurationError = 1,

    /// <summary>The platform could not be reached or answered an error: a later attempt may succeed.</summary>
    Unavailable = 2,

    /// <summary>
    /// The token was rejected and only a force refresh would cure it, but the platform's limits (one per 30 s,
    /// 20 a day) do not allow one now: hold the message and try later.
    /// </summary>
    ForceRefreshLimited = 3,
}
