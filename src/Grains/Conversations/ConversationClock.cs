namespace CustomerService.Grains.Conversations;

/// <summary>
/// The clock our own grains read. It is a separate service so that tests can give our grains a fake clock
/// without replacing the silo's <see cref="TimeProvider"/>, which Orleans itself uses for response timeouts,
/// membership, timers and reminders.
/// </summary>
public sealed class ConversationClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}
