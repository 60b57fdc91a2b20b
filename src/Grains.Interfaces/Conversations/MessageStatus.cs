namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>Where one inbound push stands on the passive-reply path.</summary>
[Alias("cs.MessageStatus")]
public enum MessageStatus
{
    /// <summary>Recorded; the answer is being worked on.</summary>
    Received = 0,

    /// <summary>The answer is ready and no delivery has claimed it yet.</summary>
    Answered = 1,

    /// <summary>The answer went out as the passive reply.</summary>
    Delivered = 2,

    /// <summary>The platform's last attempt got the "still working" text; the answer is still being worked on.</summary>
    StillWorkingSent = 3,

    /// <summary>The answer came after the window and waits to go in front of the reply to the user's next message.</summary>
    LateQueued = 4,

    /// <summary>The late answer went out in front of a later reply.</summary>
    LateDelivered = 5,

    /// <summary>No reply is due (for example unsubscribe, a location report, an unknown type).</summary>
    Acknowledged = 6,
}
