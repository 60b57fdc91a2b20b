namespace CustomerService.Integration.Tests.Postgres;

[Alias("CustomerService.Integration.Tests.Postgres.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Registers (or re-registers) a reminder whose first tick comes one period from now.</summary>
    [Alias("StartReminder")]
    Task StartReminderAsync(string reminderName, TimeSpan period);
}
