namespace CustomerService.Grains.Delivery;

/// <summary>How an account's replies are meant to go out, as configured (for WeChat, <c>Accounts:N:ReplyMode</c>).</summary>
public enum DeliveryMode
{
    /// <summary>Passive until the account is shown able to push; then passive when fast, pushed when slow.</summary>
    Auto = 0,

    /// <summary>Only passive replies (unverified accounts).</summary>
    Passive = 1,

    /// <summary>Acknowledge at once and push every reply (verified accounts with the customer-service API).</summary>
    Push = 2,
}
