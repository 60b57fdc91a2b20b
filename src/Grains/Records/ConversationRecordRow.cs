using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Records;

namespace CustomerService.Grains.Records;

/// <summary>One row for the records store: a <see cref="ConversationRecord"/> with its conversation.</summary>
/// <remarks>Its texts are made storable as they are set (<see cref="RecordText"/>), however the row is built.</remarks>
public sealed record ConversationRecordRow
{
    public required ConversationKey Conversation { get; init; }

    public required RecordDirection Direction { get; init; }

    public required string MessageId { get; init => field = RecordText.Storable(value)!; }

    public string? Kind { get; init => field = RecordText.Storable(value); }

    public string? Text { get; init => field = RecordText.Storable(value); }

    public required DateTimeOffset At { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public RecordDeliveryState? DeliveryState { get; init; }

    public string? DeliveryReason { get; init => field = RecordText.Storable(value); }

    /// <summary>Newer revisions of the same row replace older ones; an older one never overwrites a newer one.</summary>
    public required long Revision { get; init; }

    public static ConversationRecordRow From(ConversationKey conversation, ConversationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ConversationRecordRow
        {
            Conversation = conversation,
            Direction = record.Direction,
            MessageId = record.MessageId,
            Kind = record.Kind,
            Text = record.Text,
            At = record.At,
            UpdatedAt = record.UpdatedAt,
            DeliveryState = record.DeliveryState,
            DeliveryReason = record.DeliveryReason,
            Revision = record.Revision,
        };
    }
}
