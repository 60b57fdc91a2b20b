namespace CustomerService.Grains.Delivery;

/// <summary>Which path delivers a reply.</summary>
public enum DeliveryPath
{
    /// <summary>The HTTP response to one of the platform's deliveries of the push (WeChat's passive reply).</summary>
    Passive = 0,

    /// <summary>The platform's push API, from the conversation's outbox.</summary>
    Push = 1,
}
