namespace CustomerService.Grains.Delivery;

/// <summary>What a conversation does with its next reply, from the settings and the account's proven capability.</summary>
public enum EffectiveDeliveryMode
{
    /// <summary>The passive timeline only (Passive mode, no secret, or the platform refused the push API).</summary>
    Passive = 0,

    /// <summary>Auto mode with the capability unknown: the passive timeline, plus a typing call that probes it.</summary>
    PassiveProbing = 1,

    /// <summary>Auto mode on a capable account: passive when the answer is ready within the budget, pushed otherwise.</summary>
    PassiveThenPush = 2,

    /// <summary>Push mode: acknowledge at once, push every reply.</summary>
    Push = 3,
}
