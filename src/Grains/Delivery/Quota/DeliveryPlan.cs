namespace CustomerService.Grains.Delivery.Quota;

/// <summary>What <see cref="QuotaPlanner.Plan"/> sends now and what it holds for the next user action.</summary>
public sealed record DeliveryPlan
{
    /// <summary>The messages to send, in order.</summary>
    public required IReadOnlyList<PlannedMessage> Messages { get; init; }

    /// <summary>The unsent text, per segment and in the input order, each with only its remaining text.</summary>
    public required IReadOnlyList<PendingSegment> Held { get; init; }
}
