using Orleans.Concurrency;

namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>
/// One business account's delivery facts for the whole cluster: whether it can push (the capability that gates
/// <c>Auto</c> mode), a later refusal (48001), and a quota pause. Keyed by <see cref="AccountKey"/>'s string form.
/// </summary>
/// <remarks>
/// The settings fingerprint identifies the account's delivery settings (mode and secret): when it
/// changes, what was learnt under the old settings no longer holds, and the capability goes back to unknown.
/// </remarks>
[Alias("cs.IAccountDeliveryGrain")]
public interface IAccountDeliveryGrain : IGrainWithStringKey
{
    /// <summary>The current view under these settings.</summary>
    [Alias("GetAsync")]
    Task<AccountDeliveryView> GetAsync(string settingsFingerprint);

    /// <summary>A push-API call succeeded.</summary>
    [Alias("ReportCanPushAsync")]
    Task<AccountDeliveryView> ReportCanPushAsync(string settingsFingerprint);

    /// <summary>The platform refused the push API for this account (for WeChat 48001, 48004, 40164).</summary>
    [Alias("ReportPassiveOnlyAsync")]
    Task<AccountDeliveryView> ReportPassiveOnlyAsync(string settingsFingerprint, int errorCode, string? errorMessage);

    /// <summary>
    /// The platform refused the push API for a configuration the operator fixes outside the account's settings (an IP
    /// not whitelisted, a frozen AppSecret): passive delivery only, and the capability is checked again after
    /// <paramref name="recheckAfter"/>, so that a fix in the platform's console is picked up without a restart.
    /// </summary>
    [Alias("ReportPassiveOnlyForNowAsync")]
    Task<AccountDeliveryView> ReportPassiveOnlyForNowAsync(string settingsFingerprint, int errorCode, string? errorMessage, TimeSpan recheckAfter);

    /// <summary>The platform's API quota is spent until <paramref name="until"/> (for WeChat 45009, 45011).</summary>
    [Alias("ReportPausedAsync")]
    Task<AccountDeliveryView> ReportPausedAsync(DateTimeOffset until, int errorCode, string? errorMessage);

    /// <summary>Another error worth showing operators (never changes the capability).</summary>
    [Alias("ReportErrorAsync")]
    Task ReportErrorAsync(int errorCode, string? errorMessage);

    /// <summary>The view as stored, whatever the settings: for the status endpoint.</summary>
    [Alias("GetStatusAsync"), ReadOnly]
    Task<AccountDeliveryView> GetStatusAsync();
}
