namespace CustomerService.Integration.Tests.Postgres;

/// <summary>Reports every reminder tick to the test process, with the silo it arrived at.</summary>
public sealed class ReminderProbeGrain(ReminderTicks ticks, ILocalSiloDetails silo) : Grain, IReminderProbeGrain, IRemindable
{
    // Grain calls this activation has served: a tick that finds none proves the tick itself activated the grain.
    private int _callsReceived;

    public async Task StartReminderAsync(string reminderName, TimeSpan period)
    {
        _callsReceived++;
        await this.RegisterOrUpdateReminder(reminderName, period, period);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.Record(new ReminderTick(this.GetPrimaryKeyString(), reminderName, silo.SiloAddress, _callsReceived));
        return Task.CompletedTask;
    }
}
