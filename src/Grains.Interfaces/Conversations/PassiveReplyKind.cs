namespace CustomerService.Grains.Interfaces.Conversations;

/// <summary>What the ingress must do with the platform's request.</summary>
[Alias("cs.PassiveReplyKind")]
public enum PassiveReplyKind
{
    /// <summary>Answer with <see cref="PassiveReply.Text"/>.</summary>
    Reply = 0,

    /// <summary>End the exchange with no reply (WeChat's <c>success</c>).</summary>
    Acknowledge = 1,

    /// <summary>Give no answer at all: hold the request until the platform gives up, so that it retries.</summary>
    Hold = 2,

    /// <summary>
    /// Pass this message to the platform's own human customer service (WeChat's passive
    /// <c>transfer_customer_service</c> reply); no text.
    /// </summary>
    TransferToHuman = 3,
}
