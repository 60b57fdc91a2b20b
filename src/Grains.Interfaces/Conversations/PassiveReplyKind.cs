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
}
