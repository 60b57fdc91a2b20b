using CustomerService.Channels.WeChat.Api;
using CustomerService.Grains.Interfaces.Delivery;
using Polly.Timeout;

namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>
/// Calls a WeChat send API with the account's token from its <see cref="IAccessTokenGrain"/> and, when the platform
/// rejects the token (40001, 40014, 42001, 41001), reports it and retries once with the token the authority returns.
/// Nothing else is retried here: the result is classified so that the caller decides (hold on 45015/45047, re-split
/// on 45002, back off on -1, and so on). A call to the authority that fails is no token (<see cref="WeChatSendStatus.NoToken"/>),
/// never an exception.
/// </summary>
public sealed class WeChatSendInvoker(IWeChatApiClient api)
{
    /// <summary>Sends a customer-service text message.</summary>
    public Task<WeChatSendResult> SendTextAsync(IAccessTokenGrain tokens, string openId, string text, CancellationToken cancellationToken) =>
        InvokeAsync(tokens, (token, ct) => api.SendTextAsync(token, openId, text, ct), cancellationToken);

    /// <summary>Shows or hides the typing indicator.</summary>
    public Task<WeChatSendResult> SendTypingAsync(IAccessTokenGrain tokens, string openId, WeChatTypingCommand command, CancellationToken cancellationToken) =>
        InvokeAsync(tokens, (token, ct) => api.SendTypingAsync(token, openId, command, ct), cancellationToken);

    /// <summary>Runs <paramref name="call"/> with the current token, and once more after a token rejection.</summary>
    public static async Task<WeChatSendResult> InvokeAsync(
        IAccessTokenGrain tokens, Func<string, CancellationToken, Task<WeChatApiError>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(call);
        var (lease, authorityFailure) = await LeaseAsync(tokens.GetTokenAsync, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            if (lease.Token is not { } token)
            {
                return new WeChatSendResult
                {
                    Status = WeChatSendStatus.NoToken,
                    TokenProblem = lease.Problem,
                    TokenErrorCode = lease.ErrorCode,
                    TokenAuthorityFailure = authorityFailure,
                    Attempts = attempt - 1,
                };
            }

            WeChatApiError error;
            try
            {
                error = await call(token, cancellationToken);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                return new WeChatSendResult
                {
                    Status = WeChatSendStatus.TransportFailure,
                    Transport = WeChatTransportFailure.Classify(ex),
                    Attempts = attempt,
                };
            }

            if (error.IsOk)
            {
                return new WeChatSendResult { Status = WeChatSendStatus.Sent, Attempts = attempt };
            }

            if (error.Class != WeChatErrorClass.TokenRejected || attempt == 2)
            {
                return new WeChatSendResult { Status = WeChatSendStatus.PlatformError, Error = error, Attempts = attempt };
            }

            (lease, authorityFailure) = await LeaseAsync(() => tokens.ReportRejectedAsync(token), cancellationToken);
        }
    }

    // The token authority is a grain call, which can fail on its own (an Orleans TimeoutException, a
    // SiloUnavailableException). Nothing was sent then, or the platform has just refused the token, so it is no token
    // for now, an outage of the account like a token endpoint that is down: escaping, it would leave the outbox's
    // part marked "sending", and the next try would flag the reply possibly duplicated although nothing left.
    private static async Task<(AccessTokenLease Lease, string? Failure)> LeaseAsync(Func<Task<AccessTokenLease>> ask, CancellationToken cancellationToken)
    {
        try
        {
            return (await ask(), null);
        }
#pragma warning disable CA1031 // Whatever the grain call threw, no token was had; only the caller's own cancellation propagates.
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return (AccessTokenLease.Failed(AccessTokenProblem.Unavailable, null, null), ex.GetType().Name);
        }
    }

    // The caller's own cancellation is not a transport failure: it propagates.
    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException or WeChatHttpException or WeChatProtocolException or TimeoutRejectedException or IOException
        || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);
}
