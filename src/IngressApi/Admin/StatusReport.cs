using System.Text.Json;
using System.Text.Json.Serialization;

namespace CustomerService.IngressApi.Admin;

/// <summary>The body of <c>GET /api/status</c>.</summary>
public sealed record StatusReport
{
    /// <summary>Web defaults, with enums by name (<c>"capability": "PassiveOnly"</c>): the report is read by operators.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>When the report was made.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Every configured account.</summary>
    public required IReadOnlyList<AccountStatus> Accounts { get; init; }
}
