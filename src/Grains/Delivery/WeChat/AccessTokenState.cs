namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>
/// What the token authority persists: its force-refresh bookkeeping and the last configuration error. Never the
/// token: persisted, it would sit in database rows and in the dashboard's grain-state view.
/// </summary>
[GenerateSerializer, Alias("cs.AccessTokenState")]
public sealed record AccessTokenState
{
    /// <summary>The last force refresh requested (counted before the call, so that a crash cannot exceed the limits).</summary>
    [Id(0)] public DateTimeOffset? LastForceRefreshAt { get; set; }

    /// <summary>The Beijing (UTC+8) date that <see cref="ForceRefreshesToday"/> counts: WeChat's quotas reset at Beijing midnight.</summary>
    [Id(1)] public DateOnly? ForceRefreshDay { get; set; }

    /// <summary>Force refreshes requested on <see cref="ForceRefreshDay"/>.</summary>
    [Id(2)] public int ForceRefreshesToday { get; set; }

    /// <summary>The errcode of the last configuration error of the token endpoint; null once a token came back.</summary>
    [Id(3)] public int? ConfigurationErrorCode { get; set; }

    /// <summary>Its errmsg.</summary>
    [Id(4)] public string? ConfigurationErrorMessage { get; set; }

    /// <summary>When it was answered.</summary>
    [Id(5)] public DateTimeOffset? ConfigurationErrorAt { get; set; }
}
