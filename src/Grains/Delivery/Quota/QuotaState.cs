namespace CustomerService.Grains.Delivery.Quota;

/// <summary>
/// The send quota of one user, kept in the conversation grain's state (stored as JSON by System.Text.Json: fields
/// added later must be optional with safe defaults). <see cref="QuotaPlanner.Prune"/> keeps it bounded.
/// </summary>
[GenerateSerializer, Alias("cs.QuotaState")]
public sealed record QuotaState
{
    [Id(0)] public List<QuotaGrant> Grants { get; set; } = [];
}
