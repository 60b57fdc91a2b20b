namespace CustomerService.Grains.Records;

/// <summary>One row in the writer's queue, with the hand-over it belongs to.</summary>
internal sealed record QueuedRecord(ConversationRecordRow Row, RecordTicket Ticket);
