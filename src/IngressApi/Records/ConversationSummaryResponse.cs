namespace CustomerService.IngressApi.Records;

/// <summary>One conversation in <c>GET /api/conversations</c>.</summary>
public sealed record ConversationSummaryResponse
{
    /// <summary>The conversation key's string form; URL-escape it once for <c>/api/conversations/{key}/messages</c>.</summary>
    public required string Key { get; init; }

    public required string Channel { get; init; }

    public required string Account { get; init; }

    public required string User { get; init; }

    public required DateTimeOffset FirstMessageAt { get; init; }

    public required DateTimeOffset LastMessageAt { get; init; }
}
