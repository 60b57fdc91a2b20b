namespace CustomerService.Grains.Delivery;

/// <summary>What a platform send came to, in channel-neutral terms; each channel maps its error codes onto these.</summary>
public enum SendOutcomeKind
{
    /// <summary>The platform accepted it.</summary>
    Sent = 0,

    /// <summary>It never left, or the platform was busy: safe to try again later.</summary>
    NotSent = 1,

    /// <summary>It may have arrived (a read timeout, or the connection lost after sending).</summary>
    InDoubt = 2,

    /// <summary>The account may not use the push API: deliver passively from now on.</summary>
    AccountPassiveOnly = 3,

    /// <summary>The account's API quota is spent until <see cref="SendOutcome.RetryAfter"/>: hold, then resume.</summary>
    AccountPaused = 4,

    /// <summary>Outside the user's reply window (or the user unfollowed): hold until the user writes again.</summary>
    WindowClosed = 5,

    /// <summary>The messages the user's last action allowed are used up: hold until the user writes again.</summary>
    QuotaSpent = 6,

    /// <summary>This user cannot receive from us (turned messages off, blocked, unknown id): final for this user.</summary>
    UserUnreachable = 7,

    /// <summary>The text is too long for the platform: split smaller.</summary>
    ContentTooLong = 8,

    /// <summary>Refused for another reason: failed, with the platform's code.</summary>
    Failed = 9,

    /// <summary>A typing-indicator rule (too late, already showing): nothing to do.</summary>
    Ignored = 10,

    /// <summary>
    /// The account cannot send for now (its circuit breaker is open after repeated failures, or no access token can be
    /// had): the request never left, and the outage is the account's, not this reply's. Hold and try again later,
    /// without counting it against the reply's send attempts.
    /// </summary>
    Unavailable = 11,
}
