namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>What an account has been shown able to do with the platform's customer-service (push) API.</summary>
[Alias("cs.AccountCapability")]
public enum AccountCapability
{
    /// <summary>Not shown either way yet: the account runs the passive timeline.</summary>
    Unknown = 0,

    /// <summary>A push-API call succeeded (for WeChat, <c>custom/typing</c> or <c>custom/send</c>).</summary>
    CanPush = 1,

    /// <summary>The platform refused the push API (48001, 48004, 40164): passive delivery only until a setting changes.</summary>
    PassiveOnly = 2,
}
