using CustomerService.Channels.WeChat;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Admin;

/// <summary>Builds the status report from the per-account grains (capability, token, counts).</summary>
public sealed class AccountStatusReader(IGrainFactory grains, IOptions<WeChatOptions> weChat, TimeProvider time)
{
    public async Task<StatusReport> ReadAsync()
    {
        var accounts = new List<AccountStatus>();
        foreach (var account in weChat.Value.Accounts.Where(a => !string.IsNullOrWhiteSpace(a.AppId)))
        {
            accounts.Add(await ReadWeChatAsync(account));
        }

        return new StatusReport { At = time.GetUtcNow(), Accounts = accounts };
    }

    private async Task<AccountStatus> ReadWeChatAsync(WeChatAccountOptions account)
    {
        var key = new AccountKey(ChannelKind.WeChat, account.AppId!).ToString();
        var delivery = await grains.GetGrain<IAccountDeliveryGrain>(key).GetStatusAsync();
        var counts = await grains.GetGrain<IDeliveryStatsGrain>(key).GetCountsAsync();
        var hasSecret = !string.IsNullOrWhiteSpace(account.AppSecret);
        var token = hasSecret ? await grains.GetGrain<IAccessTokenGrain>(key).GetStatusAsync() : null;

        var (effective, reason) = (account.ReplyMode, hasSecret, delivery.Capability) switch
        {
            (WeChatReplyMode.Passive, _, _) => ("passive", (string?)null),
            (_, false, _) => ("passive", "no AppSecret: the push API cannot be used"),
            (_, _, AccountCapability.PassiveOnly) => ("passive", $"the platform refused the push API (errcode {delivery.RefusalCode ?? delivery.LastErrorCode}); checked again {(delivery.RecheckAt is { } at ? $"at {at:o}" : "when ReplyMode or AppSecret changes")}"),
            (WeChatReplyMode.Push, _, _) => ("push", null),
            (_, _, AccountCapability.CanPush) => ("passive-then-push", null),
            _ => ("passive-probing", "Auto: the push capability is not shown yet"),
        };

        return new AccountStatus
        {
            Channel = "wechat",
            Account = account.AppId!,
            ReplyMode = account.ReplyMode.ToString(),
            EffectiveMode = effective,
            ModeReason = reason,
            Delivery = delivery,
            Token = token,
            Counts = counts,
        };
    }
}
