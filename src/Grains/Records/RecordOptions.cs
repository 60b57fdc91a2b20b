using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Records;

/// <summary>The records writer and the conversations' hand-over to it (section <c>Storage:Records</c>).</summary>
public sealed class RecordOptions
{
    public const string SectionName = "Storage:Records";

    /// <summary>Rows the silo's queue holds before hand-overs wait for room (back-pressure; nothing is dropped).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Rows written per transaction.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>The longest wait between two tries of a batch the store refused (the wait doubles from 0.5 s up to this).</summary>
    [Range(1, 3600)]
    public int RetryMaxDelaySeconds { get; set; } = 30;

    /// <summary>
    /// The period of a conversation's records reminder, which brings it back after a crash to hand over rows the
    /// writer never confirmed. It must not be below the silo's <c>Cluster:MinimumReminderPeriodSeconds</c>.
    /// </summary>
    [Range(1, 86_400)]
    public int ReminderPeriodSeconds { get; set; } = 60;
}
