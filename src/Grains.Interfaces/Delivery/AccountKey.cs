using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>
/// Identifies one business account on one channel: the key of the per-account grains (delivery capability and
/// delivery counts). The string form is <c>channel|account</c>, escaped like <see cref="ConversationKey"/>'s, for
/// example <c>wechat|wx1234567890abcdef</c>.
/// </summary>
public readonly record struct AccountKey
{
    /// <summary>Creates a key, rejecting an empty account.</summary>
    public AccountKey(ChannelKind channel, string account)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        Channel = channel;
        Account = account;
    }

    /// <summary>The platform.</summary>
    public ChannelKind Channel { get; }

    /// <summary>The business account id (an AppId for WeChat).</summary>
    public string Account { get; }

    /// <summary>The account a conversation belongs to.</summary>
    public static AccountKey Of(ConversationKey key) => new(key.Channel, key.Account);

    /// <summary>The grain key string form.</summary>
    public override string ToString() => $"{Channel.ToString().ToLowerInvariant()}|{Uri.EscapeDataString(Account)}";
}
