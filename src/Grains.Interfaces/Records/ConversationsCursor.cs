using System.Diagnostics.CodeAnalysis;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Interfaces.Records;

/// <summary>
/// Where a page of <see cref="IConversationRecordsGrain.ListConversationsAsync"/> ends: the last conversation's
/// newest record time and key (the list is ordered by that time, newest first, then by key). Its string form is
/// opaque.
/// </summary>
[GenerateSerializer, Immutable, Alias("cs.ConversationsCursor")]
public sealed record ConversationsCursor
{
    private const string Tag = "c1";

    /// <summary>The last listed conversation's newest record time.</summary>
    [Id(0)] public required DateTimeOffset LastMessageAt { get; init; }

    /// <summary>The last listed conversation.</summary>
    [Id(1)] public required ConversationKey Key { get; init; }

    /// <summary>The opaque string form.</summary>
    public override string ToString() => RecordCursorText.Format(Tag, LastMessageAt, Key.ToString());

    /// <summary>Parses the opaque string form; false for anything else.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out ConversationsCursor? cursor)
    {
        cursor = null;
        if (!RecordCursorText.TryParse(value, Tag, out var at, out var key)
            || !ConversationKey.TryParse(key, out var conversation))
        {
            return false;
        }

        cursor = new ConversationsCursor { LastMessageAt = at, Key = conversation.Value };
        return true;
    }
}
