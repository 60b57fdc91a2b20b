namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>The result of recording an inbound push.</summary>
[GenerateSerializer, Immutable, Alias("cs.RecordOutcome")]
public sealed record RecordOutcome
{
    /// <summary>Which delivery of this push this was: 1 for the first, 2 and 3 for platform retries.</summary>
    [Id(0)] public required int Attempt { get; init; }

    /// <summary>When the grain received this delivery, on the grain's clock; reply deadlines are measured from it.</summary>
    [Id(1)] public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>True when the answer is already known, so that waiting is pointless.</summary>
    [Id(2)] public required bool AnswerReady { get; init; }

    /// <summary>
    /// The reply this delivery owns, when the answer was known at once: it is claimed in the same turn (one state
    /// write), so the ingress needs no <see cref="IConversationGrain.ClaimPassiveReplyAsync"/> call.
    /// </summary>
    [Id(3)] public PassiveReply? Reply { get; init; }
}
