using CustomerService.Grains.Conversations;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Delivery;
using Microsoft.Extensions.Logging;

namespace CustomerService.Grains.Delivery;

/// <summary>
/// One account's delivery capability and pause for the whole cluster (one concept: what the account may do).
/// It survives restarts, so an account proven able to push keeps pushing after a deploy, and one refused with
/// 48001 stays passive until its settings change.
/// </summary>
public sealed class AccountDeliveryGrain(
    [PersistentState("accountDelivery", StorageNames.GrainState)] IPersistentState<AccountDeliveryState> state,
    ConversationClock clock,
    ILogger<AccountDeliveryGrain> logger) : Grain, IAccountDeliveryGrain
{
    private AccountDeliveryState State => state.State;

    public async Task<AccountDeliveryView> GetAsync(string settingsFingerprint)
    {
        if (ResetIfSettingsChanged(settingsFingerprint) | ResetIfRecheckDue())
        {
            await state.WriteStateAsync();
        }

        return View();
    }

    public async Task<AccountDeliveryView> ReportCanPushAsync(string settingsFingerprint)
    {
        var changed = ResetIfSettingsChanged(settingsFingerprint);
        if (State.Capability != AccountCapability.CanPush)
        {
            logger.LogInformation("Account {Account} can use the push API: Auto mode now pushes slow answers", this.GetPrimaryKeyString());
            State.Capability = AccountCapability.CanPush;
            State.CapabilitySince = clock.UtcNow;
            State.RecheckAt = null;
            changed = true;
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }

        return View();
    }

    public Task<AccountDeliveryView> ReportPassiveOnlyAsync(string settingsFingerprint, int errorCode, string? errorMessage) =>
        RefuseAsync(settingsFingerprint, errorCode, errorMessage, recheckAfter: null);

    public Task<AccountDeliveryView> ReportPassiveOnlyForNowAsync(string settingsFingerprint, int errorCode, string? errorMessage, TimeSpan recheckAfter) =>
        RefuseAsync(settingsFingerprint, errorCode, errorMessage, recheckAfter);

    private async Task<AccountDeliveryView> RefuseAsync(string settingsFingerprint, int errorCode, string? errorMessage, TimeSpan? recheckAfter)
    {
        ResetIfSettingsChanged(settingsFingerprint);
        if (State.Capability != AccountCapability.PassiveOnly)
        {
            // The capability is stored for the whole cluster: a restart does not check again, a changed ReplyMode or
            // AppSecret (the settings fingerprint) does.
            logger.LogWarning(
                "Account {Account} may not use the push API (errcode {ErrorCode}: {Error}); it now answers passively only. Check its verification, its 客服 permission and the server IP whitelist; it is checked again {When}",
                this.GetPrimaryKeyString(), errorCode, errorMessage,
                recheckAfter is { } after ? $"in {after.TotalSeconds:0} s (a fix in the MP console needs no restart)" : "when its ReplyMode or AppSecret changes");
            State.Capability = AccountCapability.PassiveOnly;
            State.CapabilitySince = clock.UtcNow;
        }

        State.RefusalCode = errorCode;
        State.Refusal = Truncate(errorMessage);
        State.RecheckAt = clock.UtcNow + recheckAfter;
        SetError(errorCode, errorMessage);
        await state.WriteStateAsync();
        return View();
    }

    public async Task<AccountDeliveryView> ReportPausedAsync(DateTimeOffset until, int errorCode, string? errorMessage)
    {
        if (State.PausedUntil is not { } paused || paused < until)
        {
            logger.LogWarning("Account {Account}: API quota spent (errcode {ErrorCode}); sending paused until {Until:o}, replies are held meanwhile", this.GetPrimaryKeyString(), errorCode, until);
            State.PausedUntil = until;
        }

        SetError(errorCode, errorMessage);
        await state.WriteStateAsync();
        return View();
    }

    public async Task ReportErrorAsync(int errorCode, string? errorMessage)
    {
        SetError(errorCode, errorMessage);
        await state.WriteStateAsync();
    }

    public Task<AccountDeliveryView> GetStatusAsync() => Task.FromResult(View());

    // A refusal for a configuration fixed in the platform's console (IP whitelist, secret) is checked again when due:
    // the capability goes back to unknown, so that Push mode tries a send (the token authority makes one normal-mode
    // call) and Auto mode probes again.
    private bool ResetIfRecheckDue()
    {
        if (State is not { Capability: AccountCapability.PassiveOnly, RecheckAt: { } due } || due > clock.UtcNow)
        {
            return false;
        }

        logger.LogInformation("Account {Account}: checking again whether it may use the push API (refused with errcode {ErrorCode})", this.GetPrimaryKeyString(), State.RefusalCode);
        State.Capability = AccountCapability.Unknown;
        State.CapabilitySince = null;
        State.RecheckAt = null;
        return true;
    }

    private bool ResetIfSettingsChanged(string fingerprint)
    {
        if (string.Equals(State.SettingsFingerprint, fingerprint, StringComparison.Ordinal))
        {
            return false;
        }

        if (State.SettingsFingerprint is not null && State.Capability != AccountCapability.Unknown)
        {
            logger.LogInformation("Account {Account}: delivery settings changed; its push capability is checked again", this.GetPrimaryKeyString());
        }

        State.SettingsFingerprint = fingerprint;
        State.Capability = AccountCapability.Unknown;
        State.CapabilitySince = null;
        State.RefusalCode = null;
        State.Refusal = null;
        State.RecheckAt = null;
        return true;
    }

    private void SetError(int errorCode, string? errorMessage)
    {
        State.LastErrorCode = errorCode;
        State.LastError = Truncate(errorMessage);
        State.LastErrorAt = clock.UtcNow;
    }

    private static string? Truncate(string? message) => message is { Length: > 200 } ? message[..200] : message;

    private AccountDeliveryView View() => new()
    {
        Capability = State.Capability,
        CapabilitySince = State.CapabilitySince,
        PausedUntil = State.PausedUntil is { } until && until > clock.UtcNow ? until : null,
        LastErrorCode = State.LastErrorCode,
        LastError = State.LastError,
        LastErrorAt = State.LastErrorAt,
        RefusalCode = State.Capability == AccountCapability.PassiveOnly ? State.RefusalCode : null,
        Refusal = State.Capability == AccountCapability.PassiveOnly ? State.Refusal : null,
        RecheckAt = State.Capability == AccountCapability.PassiveOnly ? State.RecheckAt : null,
    };
}
