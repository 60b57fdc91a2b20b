namespace CustomerService.IngressApi.Records;

/// <summary>The body of <c>GET /api/conversations/{key}/messages</c>.</summary>
public sealed record MessageListResponse
{
    public required string Key { get; init; }

    public required IReadOnlyList<MessageResponse> Items { get; init; }

    /// <summary>Pass as <c>cursor</c> for the next page; null on the last page.</summary>
    public string? NextCursor { get; init; }
}
