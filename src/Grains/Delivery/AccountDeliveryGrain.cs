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
        if (ResetIfSettingsChanged(settingsFingerprint))
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
            changed = true;
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }

        return View();
    }

    public async Task<AccountDeliveryView> ReportPassiveOnlyAsync(string settingsFingerprint, int errorCode, string? errorMessage)
    {
        ResetIfSettingsChanged(settingsFingerprint);
        if (State.Capability != AccountCapability.PassiveOnly)
        {
            logger.LogWarning(
                "Account {Account} may not use the push API (errcode {ErrorCode}: {Error}); it now answers passively only. Check its verification, its 客服 permission and the server IP whitelist, then change a setting or restart to check again",
                this.GetPrimaryKeyString(), errorCode, errorMessage);
            State.Capability = AccountCapability.PassiveOnly;
            State.CapabilitySince = clock.UtcNow;
        }

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
        return true;
    }

    private void SetError(int errorCode, string? errorMessage)
    {
        State.LastErrorCode = errorCode;
        State.LastError = errorMessage is { Length: > 200 } ? errorMessage[..200] : errorMessage;
        State.LastErrorAt = clock.UtcNow;
    }

    private AccountDeliveryView View() => new()
    {
        Capability = State.Capability,
        CapabilitySince = State.CapabilitySince,
        PausedUntil = State.PausedUntil is { } until && until > clock.UtcNow ? until : null,
        LastErrorCode = State.LastErrorCode,
        LastError = State.LastError,
        LastErrorAt = State.LastErrorAt,
    };
}
