using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Conversations;

/// <summary><c>Conversations:Outbox</c>: the durable per-conversation outbox of pushed replies.</summary>
public sealed class OutboxOptions
{
    /// <summary>
    /// The period of the outbox reminder (seconds). After a crash, a conversation's unfinished work and sends
    /// resume on its next tick, so this bounds the recovery delay. It must not be below the silo's
    /// <c>Cluster:MinimumReminderPeriodSeconds</c>.
    /// </summary>
    [Range(1, 3600)]
    public int ReminderPeriodSeconds { get; set; } = 10;

    /// <summary>Sends of one part that never left (network, platform busy) before the reply counts as failed.</summary>
    [Range(1, 100)]
    public int MaxSendAttempts { get; set; } = 5;
}
