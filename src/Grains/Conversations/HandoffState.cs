namespace CustomerService.Grains.Conversations;

/// <summary>Persisted while a user waits for a human agent.</summary>
[GenerateSerializer, Alias("cs.HandoffState")]
public sealed record HandoffState
{
    [Id(0)] public required DateTimeOffset WaitingSince { get; set; }

    /// <summary>Whether the one waiting notice of this waiting period has gone out.</summary>
    [Id(1)] public bool NoticeSent { get; set; }
}
