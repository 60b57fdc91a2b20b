namespace CustomerService.Grains.Tests.Storage;

[Alias("CustomerService.Grains.Tests.Storage.IReminderTestGrain")]
public interface IReminderTestGrain : IGrainWithStringKey
{
    /// <summary>Registers (or re-registers) a reminder whose first tick comes one period from now.</summary>
    [Alias("StartReminder")]
    Task StartReminderAsync(string reminderName, TimeSpan period);

    [Alias("StopReminder")]
    Task StopReminderAsync(string reminderName);
}
