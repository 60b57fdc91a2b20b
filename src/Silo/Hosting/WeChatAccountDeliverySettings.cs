using System.Security.Cryptography;
using System.Text;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Interfaces.Conversations;
using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting;

/// <summary>Reads each Official Account's delivery settings from <c>Channels:WeChat</c>.</summary>
public sealed class WeChatAccountDeliverySettings(IOptions<WeChatOptions> weChat) : IAccountDeliverySettings
{
    public AccountDeliverySettings SettingsFor(ConversationKey key)
    {
        if (key.Channel != ChannelKind.WeChat)
        {
            return AccountDeliverySettings.PassiveOnly;
        }

        var options = weChat.Value;
        var account = options.Accounts.FirstOrDefault(a => string.Equals(a.AppId, key.Account, StringComparison.Ordinal));
        if (account is null)
        {
            return AccountDeliverySettings.PassiveOnly;
        }

        var mode = account.ReplyMode switch
        {
            WeChatReplyMode.Passive => DeliveryMode.Passive,
            WeChatReplyMode.Push => DeliveryMode.Push,
            _ => DeliveryMode.Auto,
        };
        return new AccountDeliverySettings
        {
            Mode = mode,
            PushConfigured = !string.IsNullOrWhiteSpace(account.AppSecret),
            Fingerprint = Fingerprint(account),
            MaxTextBytes = options.MaxTextBytes,
            HeldReplyMaxAge = TimeSpan.FromHours(options.HeldReplyMaxAgeHours),
            TransferToHumanService = account.TransferToCustomerService,
        };
    }

    // What the capability depends on: the mode and the secret (a new secret may belong to a newly verified
    // account). Hashed, so that the stored fingerprint can never give the secret away.
    private static string Fingerprint(WeChatAccountOptions account)
    {
        var material = $"{account.ReplyMode}|{account.AppSecret}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)))[..16];
    }
}
