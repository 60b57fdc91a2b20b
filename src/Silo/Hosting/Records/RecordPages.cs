using CustomerService.Grains.Interfaces.Records;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>
/// Builds pages from a query that read one row more than the limit: that row only tells that another page exists,
/// so a full last page never leads to an empty one.
/// </summary>
internal static class RecordPages
{
    public static RecordedConversationPage Conversations(List<RecordedConversation> rows, int limit)
    {
        var more = rows.Count > limit;
        var items = more ? rows[..limit] : rows;
        return new RecordedConversationPage
        {
            Items = items,
            Next = more ? new ConversationsCursor { LastMessageAt = items[^1].LastMessageAt, Key = items[^1].Key } : null,
        };
    }

    public static RecordedMessagePage Messages(List<(long Sequence, RecordedMessage Message)> rows, int limit)
    {
        var more = rows.Count > limit;
        var items = more ? rows[..limit] : rows;
        return new RecordedMessagePage
        {
            Items = [.. items.Select(i => i.Message)],
            Next = more ? new MessagesCursor { At = items[^1].Message.At, Sequence = items[^1].Sequence } : null,
        };
    }
}
