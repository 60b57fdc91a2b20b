using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Delivery;

/// <summary>A finished reply remembered for idempotency.</summary>
[GenerateSerializer, Alias("cs.FinishedReply")]
public sealed record FinishedReply
{
    [Id(0)] public required string ReplyId { get; set; }

    [Id(1)] public required DeliveryState State { get; set; }
}
