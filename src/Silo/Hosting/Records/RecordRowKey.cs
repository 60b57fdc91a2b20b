using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Records;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>Helpers the record stores share: batch de-duplication and the conversations a batch touches.</summary>
internal static class RecordRowKey
{
    /// <summary>
    /// One row per unique key, the highest revision winning: PostgreSQL refuses to upsert one row twice in a statement,
    /// and a batch can carry two copies (a row re-sent by a new activation beside its first copy).
    /// </summary>
    public static List<ConversationRecordRow> Latest(IReadOnlyList<ConversationRecordRow> rows) =>
        [.. rows
            .GroupBy(r => (r.Conversation, r.Direction, r.MessageId))
            .Select(g => g.MaxBy(r => r.Revision)!)];

    /// <summary>Each conversation of the batch with its earliest and latest row time.</summary>
    public static List<(ConversationKey Key, DateTimeOffset First, DateTimeOffset Last)> Conversations(IReadOnlyList<ConversationRecordRow> rows) =>
        [.. rows
            .GroupBy(r => r.Conversation)
            .Select(g => (g.Key, g.Min(r => r.At), g.Max(r => r.At)))];

    /// <summary>Parses a stored channel name back (the lower-case name of <see cref="ChannelKind"/>).</summary>
    public static ConversationKey Key(string channel, string account, string user) =>
        Enum.TryParse<ChannelKind>(channel, ignoreCase: true, out var kind) && Enum.IsDefined(kind)
            ? new ConversationKey(kind, account, user)
            : throw new FormatException($"Unknown channel '{channel}' in the records.");
}
