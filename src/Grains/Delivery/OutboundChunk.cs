namespace CustomerService.Grains.Delivery;

/// <summary>
/// One part of a reply on its way to the push API. It is stored as "sending" before the call, so that a crash in
/// the call leaves a record: recovery sends it again and flags the reply possibly duplicated.
/// </summary>
[GenerateSerializer, Alias("cs.OutboundChunk")]
public sealed record OutboundChunk
{
    /// <summary>The exact text sent (the continue tail included).</summary>
    [Id(0)] public required string Text { get; set; }

    /// <summary>Where the part ends in the answer (UTF-16 units); the reply's sent length moves here once it is out.</summary>
    [Id(1)] public required int End { get; set; }

    /// <summary>When the send began.</summary>
    [Id(2)] public required DateTimeOffset StartedAt { get; set; }
}
