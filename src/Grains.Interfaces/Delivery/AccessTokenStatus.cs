namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>What the token authority of one account knows, for operators. It never holds the token.</summary>
[GenerateSerializer, Immutable, Alias("cs.AccessTokenStatus")]
public sealed record AccessTokenStatus
{
    /// <summary>True when the activation holds a token that has not expired.</summary>
    [Id(0)] public required bool HasToken { get; init; }

    /// <summary>When the held token expires (on the grain's clock).</summary>
    [Id(1)] public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The last force refresh this authority made.</summary>
    [Id(2)] public DateTimeOffset? LastForceRefreshAt { get; init; }

    /// <summary>Force refreshes made on the current platform day (Beijing time for WeChat).</summary>
    [Id(3)] public int ForceRefreshesToday { get; init; }

    /// <summary>The platform's code of the last failure, if any.</summary>
    [Id(4)] public int? LastErrorCode { get; init; }

    /// <summary>The platform's message of the last failure (or what failed in transport).</summary>
    [Id(5)] public string? LastErrorMessage { get; init; }

    /// <summary>When the last failure happened.</summary>
    [Id(6)] public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>True while the last answer of the token endpoint was a configuration error.</summary>
    [Id(7)] public required bool ConfigurationError { get; init; }
}
