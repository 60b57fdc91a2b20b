namespace CustomerService.IngressApi.Records;

/// <summary>One record in <c>GET /api/conversations/{key}/messages</c>.</summary>
public sealed record MessageResponse
{
    /// <summary><c>in</c> (from the user) or <c>out</c> (our reply).</summary>
    public required string Direction { get; init; }

    /// <summary>The push's platform message id; a reply carries the id of the push it answers.</summary>
    public required string MessageId { get; init; }

    public string? Kind { get; init; }

    public string? Text { get; init; }

    public required DateTimeOffset At { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Replies only: pending, delivered, held, in_doubt, failed, expired, held_no_answer, still_working, late_delivered.</summary>
    public string? DeliveryState { get; init; }

    public string? DeliveryReason { get; init; }
}
