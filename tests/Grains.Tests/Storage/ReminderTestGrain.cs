namespace CustomerService.Grains.Tests.Storage;

/// <summary>Reports every reminder tick to the test process, with the silo and activation it arrived at.</summary>
public sealed class ReminderTestGrain(ReminderTickCollector ticks, ILocalSiloDetails silo) : Grain, IReminderTestGrain, IRemindable
{
    private readonly Guid _activationId = Guid.NewGuid();

    // Grain calls this activation has served: a tick that finds none proves the tick itself activated the grain.
    private int _callsReceived;

    public async Task StartReminderAsync(string reminderName, TimeSpan period)
    {
        _callsReceived++;
        await this.RegisterOrUpdateReminder(reminderName, period, period);
    }

    public async Task StopReminderAsync(string reminderName)
    {
        _callsReceived++;
        var reminder = await this.GetReminder(reminderName)
            ?? throw new InvalidOperationException($"Reminder '{reminderName}' is not registered.");
        await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.Record(new ReminderTick
        {
            GrainKey = this.GetPrimaryKeyString(),
            ReminderName = reminderName,
            Silo = silo.SiloAddress,
            ActivationId = _activationId,
            CallsBeforeTick = _callsReceived,
        });
        return Task.CompletedTask;
    }
}
