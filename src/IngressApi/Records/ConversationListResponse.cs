namespace CustomerService.IngressApi.Records;

/// <summary>The body of <c>GET /api/conversations</c>.</summary>
public sealed record ConversationListResponse
{
    public required IReadOnlyList<ConversationSummaryResponse> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}
