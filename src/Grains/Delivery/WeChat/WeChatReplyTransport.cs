using CustomerService.Channels.WeChat;
using CustomerService.Channels.WeChat.Api;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>
/// Official Account push delivery: <c>custom/send</c> and <c>custom/typing</c> with the cluster's one token per
/// AppId (<see cref="WeChatSendInvoker"/>: one refresh and one retry on a rejected token), a timeout per call and a
/// circuit breaker per account (<see cref="WeChatSendPipelines"/>), a bounded retry of what provably never left,
/// and WeChat's error codes mapped to channel-neutral outcomes (wechat.md §4.3, §4.4; <see cref="WeChatErrorTable"/>).
/// </summary>
public sealed class WeChatReplyTransport(
    IWeChatApiClient api,
    IGrainFactory grains,
    WeChatSendPipelines pipelines,
    IOptions<WeChatOptions> options,
    IOptionsMonitor<WeChatTokenOptions> tokenOptions,
    TimeProvider time,
    ILogger<WeChatReplyTransport> logger) : IReplyTransport
{
    // Retries of a call that never left (connect failure, -1 busy): bounded and short, so a send never holds the
    // outbox for long; the outbox reminder tries again later.
    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public ChannelKind Channel => ChannelKind.WeChat;

    public Task<SendOutcome> SendTextAsync(ConversationKey key, string text, CancellationToken cancellationToken) =>
        CallAsync(key, (token, ct) => api.SendTextAsync(token, key.User, text, ct), "custom/send", cancellationToken);

    public Task<SendOutcome> SendTypingAsync(ConversationKey key, CancellationToken cancellationToken) =>
        CallAsync(key, (token, ct) => api.SendTypingAsync(token, key.User, WeChatTypingCommand.Typing, ct), "custom/typing", cancellationToken);

    private async Task<SendOutcome> CallAsync(
        ConversationKey key,
        Func<string, CancellationToken, Task<WeChatApiError>> call,
        string endpoint,
        CancellationToken cancellationToken)
    {
        var tokens = grains.GetGrain<IAccessTokenGrain>(AccountKey.WeChat(key.Account).ToString());
        var pipeline = pipelines.For(key.Account);
        for (var attempt = 0; ; attempt++)
        {
            WeChatSendResult result;
            try
            {
                result = await WeChatSendInvoker.InvokeAsync(
                    tokens,
                    (token, ct) => pipeline.ExecuteAsync(async inner => await call(token, inner), ct).AsTask(),
                    cancellationToken);
            }
            catch (BrokenCircuitException)
            {
                // Nothing left this silo; the account's calls fail fast until the breaker lets one through again.
                return new SendOutcome { Kind = SendOutcomeKind.Unavailable, Reason = $"{endpoint}: circuit open after repeated failures" };
            }

            var retryable = result.Status switch
            {
                WeChatSendStatus.TransportFailure => result.Transport == WeChatTransportOutcome.NotSent,
                WeChatSendStatus.PlatformError => result.ErrorClass == WeChatErrorClass.Busy,
                _ => false,
            };
            if (retryable && attempt < RetryDelays.Length)
            {
                await Task.Delay(RetryDelays[attempt], time, cancellationToken);
                continue;
            }

            return result.Status switch
            {
                WeChatSendStatus.Sent => SendOutcome.Sent,
                WeChatSendStatus.NoToken => FromTokenProblem(result),
                WeChatSendStatus.TransportFailure => new SendOutcome
                {
                    Kind = result.Transport == WeChatTransportOutcome.InDoubt ? SendOutcomeKind.InDoubt : SendOutcomeKind.NotSent,
                    Reason = $"{endpoint}: {(result.Transport == WeChatTransportOutcome.InDoubt ? "no answer (timeout or connection lost after sending)" : "could not connect")}",
                },
                _ => FromError(key, result.Error, endpoint),
            };
        }
    }

    private SendOutcome FromError(ConversationKey key, WeChatApiError error, string endpoint)
    {
        var reason = $"{endpoint}: {Describe(error.Class)}";
        var kind = error.Class switch
        {
            WeChatErrorClass.Busy or WeChatErrorClass.TokenRejected => SendOutcomeKind.NotSent,
            WeChatErrorClass.TokenConfiguration or WeChatErrorClass.AccountNotPermitted => SendOutcomeKind.AccountPassiveOnly,
            WeChatErrorClass.ApiRateLimited => SendOutcomeKind.AccountPaused,
            WeChatErrorClass.WindowClosed => SendOutcomeKind.WindowClosed,
            WeChatErrorClass.QuotaSpent => SendOutcomeKind.QuotaSpent,
            WeChatErrorClass.UserOptedOut or WeChatErrorClass.UserUnreachable => SendOutcomeKind.UserUnreachable,
            WeChatErrorClass.ContentTooLong => SendOutcomeKind.ContentTooLong,
            WeChatErrorClass.TypingIgnored => SendOutcomeKind.Ignored,
            _ => SendOutcomeKind.Failed,
        };
        if (kind is SendOutcomeKind.AccountPassiveOnly)
        {
            logger.LogWarning("WeChat account {AppId}: {Endpoint} refused with errcode {ErrorCode} ({Class})", key.Account, endpoint, error.Code, error.Class);
        }

        return new SendOutcome
        {
            Kind = kind,
            ErrorCode = error.Code,
            Reason = reason,
            RetryAfter = kind == SendOutcomeKind.AccountPaused ? PauseUntil(error.Code) : null,
            RecheckAfter = error.Class == WeChatErrorClass.TokenConfiguration || error.Code == 40164 ? ConfigurationRecheck : null,
        };
    }

    // 45011 is a per-minute limit; 45009 a daily one, reset at midnight Beijing time.
    private DateTimeOffset PauseUntil(int code)
    {
        var now = time.GetUtcNow();
        if (code != 45009)
        {
            return now.AddSeconds(options.Value.MinuteQuotaPauseSeconds);
        }

        var local = now.ToOffset(Beijing);
        return new DateTimeOffset(local.Date.AddDays(1), Beijing).ToUniversalTime();
    }

    // An IP whitelist or a secret is fixed in the MP console, not in our settings: the account is checked again after
    // the token authority's own back-off, with one normal-mode token call (never a force refresh).
    private TimeSpan ConfigurationRecheck => TimeSpan.FromSeconds(tokenOptions.CurrentValue.ConfigurationErrorRetrySeconds);

    private SendOutcome FromTokenProblem(WeChatSendResult result) => result.TokenProblem switch
    {
        AccessTokenProblem.ConfigurationError => new SendOutcome
        {
            Kind = SendOutcomeKind.AccountPassiveOnly,
            ErrorCode = result.TokenErrorCode,
            Reason = "access token: configuration error (AppId, AppSecret or IP whitelist)",
            RecheckAfter = ConfigurationRecheck,
        },
        _ => new SendOutcome
        {
            Kind = SendOutcomeKind.Unavailable,
            ErrorCode = result.TokenErrorCode,
            Reason = result.TokenAuthorityFailure is { } failure
                ? $"access token unavailable (the token grain did not answer: {failure})"
                : $"access token unavailable ({result.TokenProblem})",
        },
    };

    private static string Describe(WeChatErrorClass errorClass) => errorClass switch
    {
        WeChatErrorClass.WindowClosed => "outside the 48 h window or unsubscribed",
        WeChatErrorClass.QuotaSpent => "reply quota spent",
        WeChatErrorClass.UserOptedOut => "the user turned messages off",
        WeChatErrorClass.UserUnreachable => "user not reachable (not following, blocked, or unknown openid)",
        WeChatErrorClass.AccountNotPermitted => "no customer-service API permission, API banned, or IP not whitelisted",
        WeChatErrorClass.ApiRateLimited => "API quota spent",
        WeChatErrorClass.ContentTooLong => "content too long",
        _ => errorClass.ToString(),
    };
}
