namespace CustomerService.Grains.Tests.Storage;

/// <summary>One reminder tick as <see cref="ReminderTestGrain"/> saw it. It stays in the test process.</summary>
public sealed record ReminderTick
{
    public required string GrainKey { get; init; }

    public required string ReminderName { get; init; }

    public required SiloAddress Silo { get; init; }

    public required Guid ActivationId { get; init; }

    public required int CallsBeforeTick { get; init; }
}
