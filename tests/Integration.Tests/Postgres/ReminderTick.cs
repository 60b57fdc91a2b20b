namespace CustomerService.Integration.Tests.Postgres;

/// <summary>One reminder tick as <see cref="ReminderProbeGrain"/> saw it. It stays in the test process.</summary>
public sealed record ReminderTick(string GrainKey, string ReminderName, SiloAddress Silo, int CallsBeforeTick);
