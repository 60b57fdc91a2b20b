using System.Text.Json;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Interfaces.Records;

/// <summary>
/// How the records' enums are spelt in the tables and in the admin API: lower-case words joined by underscores
/// (<c>in</c>, <c>out</c>, <c>held_no_answer</c>, <c>menu_click</c>), so that rows read well in plain SQL and JSON.
/// </summary>
public static class RecordColumnValues
{
    /// <summary>The spelling of <see cref="RecordDirection.Inbound"/>.</summary>
    public const string Inbound = "in";

    /// <summary>The spelling of <see cref="RecordDirection.Outbound"/>.</summary>
    public const string Outbound = "out";

    /// <summary>The direction's spelling.</summary>
    public static string Of(RecordDirection direction) => direction switch
    {
        RecordDirection.Inbound => Inbound,
        RecordDirection.Outbound => Outbound,
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "Unknown direction."),
    };

    /// <summary>Reads a direction's spelling back; <see cref="FormatException"/> for anything else.</summary>
    public static RecordDirection ParseDirection(string value) => value switch
    {
        Inbound => RecordDirection.Inbound,
        Outbound => RecordDirection.Outbound,
        _ => throw new FormatException($"Unknown record direction '{value}'."),
    };

    /// <summary>The delivery state's spelling (<c>in_doubt</c>, <c>held_no_answer</c>, …).</summary>
    public static string Of(RecordDeliveryState state) => SnakeCase(state.ToString());

    /// <summary>Reads a delivery state's spelling back; <see cref="FormatException"/> for anything else.</summary>
    public static RecordDeliveryState ParseDeliveryState(string value)
    {
        foreach (var state in Enum.GetValues<RecordDeliveryState>())
        {
            if (string.Equals(Of(state), value, StringComparison.Ordinal))
            {
                return state;
            }
        }

        throw new FormatException($"Unknown record delivery state '{value}'.");
    }

    /// <summary>The inbound kind's spelling (<c>text</c>, <c>menu_click</c>, …).</summary>
    public static string Of(InboundKind kind) => SnakeCase(kind.ToString());

    /// <summary>The channel as in <see cref="ConversationKey"/>'s string form (<c>wechat</c>).</summary>
    public static string Of(ChannelKind channel) => channel.ToString().ToLowerInvariant();

    private static string SnakeCase(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
