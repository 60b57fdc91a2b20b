namespace CustomerService.Grains.Delivery.Quota;

/// <summary>One message of a <see cref="DeliveryPlan"/>: text of a single owner, never a mix.</summary>
public sealed record PlannedMessage
{
    public required string OwnerId { get; init; }

    /// <summary>The text to send, the continue tail included when <see cref="EndsWithTail"/>.</summary>
    public required string Text { get; init; }

    /// <summary>Whether <see cref="Text"/> ends with the continue tail (text was held back).</summary>
    public bool EndsWithTail { get; init; }
}
