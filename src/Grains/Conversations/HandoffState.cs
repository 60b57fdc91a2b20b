namespace CustomerService.Grains.Conversations;

/// <summary>Persisted while a user waits for a human agent.</summary>
[GenerateSerializer, Alias("cs.HandoffState")]
public sealed record HandoffState
{
    [Id(0)] public required DateTimeOffset WaitingSince { get; set; }

    /// <summary>Whether the one waiting notice of this waiting period has gone out.</summary>
    [Id(1)] public bool NoticeSent { get; set; }

    /// <summary>When an agent accepted the session (kf_create_session); null while the user is still queued.</summary>
    [Id(2)] public DateTimeOffset? SessionOpenedAt { get; set; }

    /// <summary>The agent's account (never shown to users).</summary>
    [Id(3)] public string? Agent { get; set; }

    /// <summary>The last session event (open or switch); WeChat releases an open session 30 minutes after it.</summary>
    [Id(4)] public DateTimeOffset? LastSessionEventAt { get; set; }
}
