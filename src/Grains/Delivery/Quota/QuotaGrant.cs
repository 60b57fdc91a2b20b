namespace CustomerService.Grains.Delivery.Quota;

/// <summary>
/// Messages the platform lets us send after one user action, as far as we can tell: an estimate that the
/// platform's errors correct (see <see cref="QuotaPlanner"/>).
/// </summary>
[GenerateSerializer, Alias("cs.QuotaGrant")]
public sealed record QuotaGrant
{
    [Id(0)] public QuotaGrantKind Kind { get; set; }

    [Id(1)] public DateTimeOffset OpenedAt { get; set; }

    /// <summary>How many messages the grant allows.</summary>
    [Id(2)] public int Count { get; set; }

    /// <summary>The grant is usable strictly before this instant.</summary>
    [Id(3)] public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>How many of <see cref="Count"/> we have sent.</summary>
    [Id(4)] public int Used { get; set; }
}
