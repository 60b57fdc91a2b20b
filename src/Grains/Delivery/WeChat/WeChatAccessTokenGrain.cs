using CustomerService.Channels.WeChat;
using CustomerService.Channels.WeChat.Api;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>
/// The access-token authority of one Official Account for the whole cluster (Orleans keeps one activation per
/// AppId), so that no two pods fetch or force-refresh tokens independently and invalidate each other's.
/// </summary>
/// <remarks>
/// <para>
/// It uses stable_token (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html):
/// normal mode returns the current token while it is valid and renews it in its last 5 minutes, so a normal call
/// never invalidates anyone's token. Force mode does (the old token dies at once) and is limited to 20 a day, 30 s
/// apart, so it is the last resort: only when a token was rejected and normal mode still returns that same token.
/// </para>
/// <para>
/// The grain is not reentrant: its turns run one at a time, so concurrent reports of one rejected token queue up,
/// the first one refreshes, and the rest find a different token cached and return it without a call
/// (single-flight per AppId).
/// </para>
/// <para>
/// The token is kept in memory only. The persisted <see cref="AccessTokenState"/> holds the force-refresh
/// bookkeeping (so that a reactivation cannot exceed the limits) and the last configuration error.
/// </para>
/// </remarks>
public sealed class WeChatAccessTokenGrain : Grain, IAccessTokenGrain
{
    // A token with less than this left is renewed; it matches the platform's own renewal window.
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    // WeChat's daily quotas reset at Beijing midnight (China Standard Time, UTC+8, no daylight saving).
    private static readonly TimeSpan BeijingOffset = TimeSpan.FromHours(8);

    private readonly IPersistentState<AccessTokenState> _state;
    private readonly IWeChatApiClient _api;
    private readonly IOptionsMonitor<WeChatOptions> _weChat;
    private readonly IOptionsMonitor<WeChatTokenOptions> _limits;
    private readonly ConversationClock _clock;
    private readonly ILogger<WeChatAccessTokenGrain> _logger;

    private string _appId = string.Empty;
    private CachedToken? _token;

    // A token the platform rejected while normal mode kept returning it: never handed out again.
    private string? _rejected;
    private RecordedError? _lastError;

    public WeChatAccessTokenGrain(
        [PersistentState("token", StorageNames.GrainState)] IPersistentState<AccessTokenState> state,
        IWeChatApiClient api,
        IOptionsMonitor<WeChatOptions> weChat,
        IOptionsMonitor<WeChatTokenOptions> limits,
        ConversationClock clock,
        ILogger<WeChatAccessTokenGrain> logger)
    {
        _state = state;
        _api = api;
        _weChat = weChat;
        _limits = limits;
        _clock = clock;
        _logger = logger;
    }

    private AccessTokenState State => _state.State;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = AccountKey.Parse(this.GetPrimaryKeyString());
        if (key.Channel != ChannelKind.WeChat)
        {
            throw new InvalidOperationException($"{nameof(WeChatAccessTokenGrain)} serves WeChat accounts, not {key}.");
        }

        _appId = key.Account;
        if (State.ConfigurationErrorAt is { } at)
        {
            _lastError = new RecordedError(State.ConfigurationErrorCode, State.ConfigurationErrorMessage, at);
        }

        return Task.CompletedTask;
    }

    public async Task<AccessTokenLease> GetTokenAsync()
    {
        var now = _clock.UtcNow;
        if (_token is { } token && token.ExpiresAt - now > RefreshMargin)
        {
            return AccessTokenLease.For(token.Value);
        }

        var lease = InConfigurationBackoff(now) ? ConfigurationErrorLease() : await RefreshAsync(_rejected, now);

        // A token that is still valid beats no token: the caller can use its last minutes.
        return lease.Token is null && _token is { } stillValid && stillValid.ExpiresAt > now
            ? AccessTokenLease.For(stillValid.Value)
            : lease;
    }

    public async Task<AccessTokenLease> ReportRejectedAsync(string failingToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(failingToken);
        var now = _clock.UtcNow;

        // Another caller already got past this token: coalesce.
        if (_token is { } token && !string.Equals(token.Value, failingToken, StringComparison.Ordinal) && token.ExpiresAt - now > RefreshMargin)
        {
            return AccessTokenLease.For(token.Value);
        }

        if (InConfigurationBackoff(now))
        {
            return ConfigurationErrorLease();
        }

        return await RefreshAsync(failingToken, now);
    }

    public Task<AccessTokenStatus> GetStatusAsync()
    {
        var now = _clock.UtcNow;
        var valid = _token is { } token && token.ExpiresAt > now;
        return Task.FromResult(new AccessTokenStatus
        {
            HasToken = valid,
            ExpiresAt = valid ? _token!.Value.ExpiresAt : null,
            LastForceRefreshAt = State.LastForceRefreshAt,
            ForceRefreshesToday = State.ForceRefreshDay == BeijingDate(now) ? State.ForceRefreshesToday : 0,
            LastErrorCode = _lastError?.Code,
            LastErrorMessage = _lastError?.Message,
            LastErrorAt = _lastError?.At,
            ConfigurationError = State.ConfigurationErrorAt is not null,
        });
    }

    /// <summary>
    /// A normal-mode call; when it returns <paramref name="knownBad"/> again, the platform will not replace that token
    /// by itself and only a force refresh cures it.
    /// </summary>
    private async Task<AccessTokenLease> RefreshAsync(string? knownBad, DateTimeOffset now)
    {
        var (normal, failure) = await CallAsync(forceRefresh: false, now);
        if (failure is not null)
        {
            return failure;
        }

        if (knownBad is null || !string.Equals(normal!.AccessToken, knownBad, StringComparison.Ordinal))
        {
            return await AcceptAsync(normal!, now);
        }

        _rejected = knownBad;
        _token = null;
        if (ForceRefreshRefusal(now) is { } refusal)
        {
            _logger.LogWarning("WeChat token of {AppId} is rejected and a force refresh is not allowed now: {Reason}", _appId, refusal);
            return AccessTokenLease.Failed(AccessTokenProblem.ForceRefreshLimited, null, refusal);
        }

        // Counted before the call, so that a failed or lost call still counts against the platform's limits.
        State.LastForceRefreshAt = now;
        State.ForceRefreshesToday++;
        await _state.WriteStateAsync();
        _logger.LogInformation("WeChat token of {AppId} is rejected and normal mode still returns it: force refresh {Count} of today", _appId, State.ForceRefreshesToday);

        var (forced, forceFailure) = await CallAsync(forceRefresh: true, now);
        if (forceFailure is not null)
        {
            return forceFailure;
        }

        if (string.Equals(forced!.AccessToken, knownBad, StringComparison.Ordinal))
        {
            // The platform declined to refresh (it ignores force refreshes less than 30 s apart).
            return AccessTokenLease.Failed(AccessTokenProblem.ForceRefreshLimited, null, "The platform returned the rejected token again.");
        }

        return await AcceptAsync(forced, now);
    }

    private async Task<AccessTokenLease> AcceptAsync(WeChatTokenResult result, DateTimeOffset requestedAt)
    {
        // Measured from before the request, so that the cached expiry is never later than the platform's.
        _token = new CachedToken(result.AccessToken!, requestedAt + TimeSpan.FromSeconds(result.ExpiresInSeconds));
        _rejected = null;
        if (State.ConfigurationErrorAt is not null)
        {
            _logger.LogInformation("WeChat token of {AppId} is available again after configuration error {Code}", _appId, State.ConfigurationErrorCode);
            State.ConfigurationErrorCode = null;
            State.ConfigurationErrorMessage = null;
            State.ConfigurationErrorAt = null;
            await _state.WriteStateAsync();
        }

        return AccessTokenLease.For(_token.Value.Value);
    }

    private async Task<(WeChatTokenResult? Result, AccessTokenLease? Failure)> CallAsync(bool forceRefresh, DateTimeOffset now)
    {
        var secret = _weChat.CurrentValue.Accounts
            .FirstOrDefault(a => string.Equals(a.AppId, _appId, StringComparison.Ordinal))?.AppSecret;
        if (string.IsNullOrEmpty(secret))
        {
            return (null, await RememberConfigurationErrorAsync(null, $"{WeChatOptions.SectionName}:Accounts has no AppSecret for {_appId}.", now));
        }

        WeChatTokenResult result;
        try
        {
            result = await _api.GetStableTokenAsync(_appId, secret, forceRefresh, CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or WeChatHttpException or WeChatProtocolException or TaskCanceledException or TimeoutRejectedException or IOException)
        {
            var description = $"{ex.GetType().Name}: {ex.Message}";
            _lastError = new RecordedError(null, description, now);
            _logger.LogWarning(ex, "WeChat token call of {AppId} failed", _appId);
            return (null, AccessTokenLease.Failed(AccessTokenProblem.Unavailable, null, description));
        }

        if (result.IsOk)
        {
            return (result, null);
        }

        var error = result.Error;
        if (WeChatErrorTable.IsConfigurationError(error.Class))
        {
            return (null, await RememberConfigurationErrorAsync(error.Code, error.Message, now));
        }

        _lastError = new RecordedError(error.Code, error.Message, now);
        _logger.LogWarning("WeChat token call of {AppId} answered {Code} {Message}", _appId, error.Code, error.Message);
        if (forceRefresh && error.Class == WeChatErrorClass.ApiRateLimited)
        {
            // The platform's own count of force refreshes is spent: believe it until the next Beijing day.
            State.ForceRefreshesToday = Math.Max(State.ForceRefreshesToday, _limits.CurrentValue.ForceRefreshDailyCap);
            await _state.WriteStateAsync();
            return (null, AccessTokenLease.Failed(AccessTokenProblem.ForceRefreshLimited, error.Code, error.Message));
        }

        return (null, AccessTokenLease.Failed(AccessTokenProblem.Unavailable, error.Code, error.Message));
    }

    // Never retried at once nor force-refreshed; remembered, shown in the status and logged without the secret.
    private async Task<AccessTokenLease> RememberConfigurationErrorAsync(int? code, string? message, DateTimeOffset now)
    {
        _lastError = new RecordedError(code, message, now);
        _logger.LogWarning(
            "WeChat token of {AppId} refused for a configuration error {Code} {Message}: check the AppId, the AppSecret, its frozen state and the IP whitelist",
            _appId,
            code,
            message);
        State.ConfigurationErrorCode = code;
        State.ConfigurationErrorMessage = message;
        State.ConfigurationErrorAt = now;
        await _state.WriteStateAsync();
        return ConfigurationErrorLease();
    }

    private bool InConfigurationBackoff(DateTimeOffset now) =>
        State.ConfigurationErrorAt is { } at && now - at < TimeSpan.FromSeconds(_limits.CurrentValue.ConfigurationErrorRetrySeconds);

    private AccessTokenLease ConfigurationErrorLease() =>
        AccessTokenLease.Failed(AccessTokenProblem.ConfigurationError, State.ConfigurationErrorCode, State.ConfigurationErrorMessage);

    private string? ForceRefreshRefusal(DateTimeOffset now)
    {
        var limits = _limits.CurrentValue;
        var today = BeijingDate(now);
        if (State.ForceRefreshDay != today)
        {
            State.ForceRefreshDay = today;
            State.ForceRefreshesToday = 0;
        }

        if (State.ForceRefreshesToday >= limits.ForceRefreshDailyCap)
        {
            return $"the daily cap of {limits.ForceRefreshDailyCap} force refreshes is reached until Beijing midnight";
        }

        var interval = TimeSpan.FromSeconds(limits.ForceRefreshMinIntervalSeconds);
        if (State.LastForceRefreshAt is { } last && now - last < interval)
        {
            return $"the last force refresh was {(now - last).TotalSeconds:F0} s ago, less than {interval.TotalSeconds:F0} s";
        }

        return null;
    }

    private static DateOnly BeijingDate(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(BeijingOffset).DateTime);

    private readonly record struct CachedToken(string Value, DateTimeOffset ExpiresAt);

    private sealed record RecordedError(int? Code, string? Message, DateTimeOffset At);
}
