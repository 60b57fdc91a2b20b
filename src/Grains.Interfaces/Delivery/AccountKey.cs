using System.Diagnostics.CodeAnalysis;
using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>
/// Identifies one business account on one platform: the only way to build or parse the key of a per-account grain
/// (<see cref="IAccessTokenGrain"/>, <see cref="IAccountDeliveryGrain"/>, <see cref="IDeliveryStatsGrain"/>).
/// </summary>
/// <remarks>
/// The string form is <c>channel|account</c>: the lower-case channel name and the account id escaped with
/// <see cref="Uri.EscapeDataString(string)"/>, e.g. <c>wechat|wx1234567890abcdef</c> for an Official Account's AppId.
/// </remarks>
public readonly record struct AccountKey
{
    private const char Separator = '|';

    /// <summary>Creates a key, rejecting an empty account.</summary>
    public AccountKey(ChannelKind channel, string account)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        if (!Enum.IsDefined(channel))
        {
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "Unknown channel.");
        }

        Channel = channel;
        Account = account;
    }

    /// <summary>The platform.</summary>
    public ChannelKind Channel { get; }

    /// <summary>The account whose token this is (a WeChat AppId).</summary>
    public string Account { get; }

    /// <summary>The key of a WeChat Official Account's authority.</summary>
    public static AccountKey WeChat(string appId) => new(ChannelKind.WeChat, appId);

    /// <summary>The account a conversation belongs to.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <returns>Its account.</returns>
    public static AccountKey Of(ConversationKey conversation) => new(conversation.Channel, conversation.Account);

    /// <summary>The grain key string form (see the type remarks).</summary>
    public override string ToString() =>
        string.Join(Separator, Channel.ToString().ToLowerInvariant(), Uri.EscapeDataString(Account));

    /// <summary>Parses the string form produced by <see cref="ToString"/>.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out AccountKey? key)
    {
        key = null;
        var parts = value?.Split(Separator);
        if (parts is not [var channelText, var accountText]
            || !Enum.TryParse<ChannelKind>(channelText, ignoreCase: true, out var channel)
            || !Enum.IsDefined(channel)
            || !string.Equals(channelText, channel.ToString().ToLowerInvariant(), StringComparison.Ordinal))
        {
            return false;
        }

        string account;
        try
        {
            account = Uri.UnescapeDataString(accountText);
        }
        catch (UriFormatException)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(account))
        {
            return false;
        }

        key = new AccountKey(channel, account);
        return true;
    }

    /// <summary>Parses the string form, throwing <see cref="FormatException"/> when it is not one.</summary>
    public static AccountKey Parse(string value) =>
        TryParse(value, out var key) ? key.Value : throw new FormatException("Not an access-token key.");
}
