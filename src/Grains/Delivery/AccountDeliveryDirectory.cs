using System.Collections.Concurrent;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Delivery;

/// <summary>
/// A silo-local cache of each account's <see cref="IAccountDeliveryGrain"/> view, so that conversations do not
/// call the account grain on every message. The grain stays the single authority: this cache only remembers its
/// last answer for a few seconds, and any report made through it updates it at once.
/// </summary>
public sealed class AccountDeliveryDirectory(IGrainFactory grains, IAccountDeliverySettings settings, ConversationClock clock)
{
    // Long enough to keep the account grain off the hot path, short enough that a 48001 seen by another silo
    // reaches this one within seconds.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<AccountKey, (AccountDeliveryView View, string Fingerprint, DateTimeOffset At)> _cache = new();

    public AccountDeliverySettings SettingsFor(ConversationKey key) => settings.SettingsFor(key);

    /// <summary>What the conversation's next reply does.</summary>
    public async Task<(EffectiveDeliveryMode Mode, AccountDeliveryView View)> ResolveAsync(ConversationKey key)
    {
        var account = settings.SettingsFor(key);
        if (account.Mode == DeliveryMode.Passive || !account.PushConfigured)
        {
            return (EffectiveDeliveryMode.Passive, new AccountDeliveryView { Capability = AccountCapability.Unknown });
        }

        var view = await GetViewAsync(AccountKey.Of(key), account.Fingerprint);
        var mode = (account.Mode, view.Capability) switch
        {
            (_, AccountCapability.PassiveOnly) => EffectiveDeliveryMode.Passive,
            (DeliveryMode.Push, _) => EffectiveDeliveryMode.Push,
            (_, AccountCapability.CanPush) => EffectiveDeliveryMode.PassiveThenPush,
            _ => EffectiveDeliveryMode.PassiveProbing,
        };
        return (mode, view);
    }

    /// <summary>Passes an outcome of a push-API call to the account grain, when it says something about the account.</summary>
    public async Task ReportAsync(ConversationKey key, SendOutcome outcome)
    {
        var account = AccountKey.Of(key);
        var fingerprint = settings.SettingsFor(key).Fingerprint;
        var grain = grains.GetGrain<IAccountDeliveryGrain>(account.ToString());
        AccountDeliveryView? view = outcome.Kind switch
        {
            SendOutcomeKind.Sent when _cache.TryGetValue(account, out var cached)
                && cached.View.Capability == AccountCapability.CanPush
                && string.Equals(cached.Fingerprint, fingerprint, StringComparison.Ordinal) => null,
            SendOutcomeKind.Sent => await grain.ReportCanPushAsync(fingerprint),
            SendOutcomeKind.AccountPassiveOnly when outcome.RecheckAfter is { } recheck => await grain.ReportPassiveOnlyForNowAsync(fingerprint, outcome.ErrorCode ?? 0, outcome.Reason, recheck),
            SendOutcomeKind.AccountPassiveOnly => await grain.ReportPassiveOnlyAsync(fingerprint, outcome.ErrorCode ?? 0, outcome.Reason),
            SendOutcomeKind.AccountPaused => await grain.ReportPausedAsync(outcome.RetryAfter ?? clock.UtcNow.AddMinutes(1), outcome.ErrorCode ?? 0, outcome.Reason),
            SendOutcomeKind.Failed when outcome.ErrorCode is { } code => await ReportErrorAsync(grain, code, outcome.Reason),
            _ => null,
        };

        if (view is not null)
        {
            _cache[account] = (view, fingerprint, clock.UtcNow);
        }
    }

    private static async Task<AccountDeliveryView?> ReportErrorAsync(IAccountDeliveryGrain grain, int code, string? reason)
    {
        await grain.ReportErrorAsync(code, reason);
        return null;
    }

    private async Task<AccountDeliveryView> GetViewAsync(AccountKey account, string fingerprint)
    {
        var now = clock.UtcNow;
        if (_cache.TryGetValue(account, out var cached)
            && string.Equals(cached.Fingerprint, fingerprint, StringComparison.Ordinal)
            && now - cached.At < CacheFor
            && !(cached.View.RecheckAt is { } recheck && recheck <= now))
        {
            return cached.View;
        }

        var view = await grains.GetGrain<IAccountDeliveryGrain>(account.ToString()).GetAsync(fingerprint);
        _cache[account] = (view, fingerprint, now);
        return view;
    }
}
