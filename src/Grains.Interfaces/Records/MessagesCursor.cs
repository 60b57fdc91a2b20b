using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CustomerService.Grains.Interfaces.Records;

/// <summary>
/// Where a page of <see cref="IConversationRecordsGrain.ListMessagesAsync"/> ends: the last message's time and its
/// row sequence number (the list is ordered by time, oldest first, then by sequence). Its string form is opaque.
/// </summary>
[GenerateSerializer, Immutable, Alias("cs.MessagesCursor")]
public sealed record MessagesCursor
{
    private const string Tag = "m1";

    /// <summary>The last listed message's time.</summary>
    [Id(0)] public required DateTimeOffset At { get; init; }

    /// <summary>The last listed message's row sequence number, unique in the store.</summary>
    [Id(1)] public required long Sequence { get; init; }

    /// <summary>The opaque string form.</summary>
    public override string ToString() =>
        RecordCursorText.Format(Tag, At, Sequence.ToString(CultureInfo.InvariantCulture));

    /// <summary>Parses the opaque string form; false for anything else.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out MessagesCursor? cursor)
    {
        cursor = null;
        if (!RecordCursorText.TryParse(value, Tag, out var at, out var text)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            return false;
        }

        cursor = new MessagesCursor { At = at, Sequence = sequence };
        return true;
    }
}
