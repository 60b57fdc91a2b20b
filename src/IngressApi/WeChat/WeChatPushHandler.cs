using System.Text;
using CustomerService.Channels.Text;
using CustomerService.Channels.WeChat;
using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.IngressApi.Conversations;
using CustomerService.IngressApi.Http;
using CustomerService.IngressApi.Telemetry;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.WeChat;

/// <summary>
/// The Official Account callback: verify, decrypt, record in the user's conversation grain, then answer within
/// WeChat's 5-second window or hold the request so that WeChat retries
/// (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html).
/// </summary>
public sealed class WeChatPushHandler(
    WeChatAccountRegistry accounts,
    IConversationDispatcher dispatcher,
    IClusterAvailability cluster,
    IOptions<WeChatOptions> options,
    ConcurrencyGate concurrency,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    IngressMetrics metrics,
    ILogger<WeChatPushHandler> logger)
{
    /// <summary>WeChat's practical ceiling for a passive text reply, in UTF-8 bytes (wechat.md §2.5, §6).</summary>
    public const int PassiveReplyMaxBytes = 2048;

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>GET: the URL check that the MP console makes when the server address is saved.</summary>
    public IResult VerifyUrl(string appId, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var account = accounts.Find(appId);
        if (account is null)
        {
            logger.LogWarning("WeChat URL verification for unknown account {AppId}", LogSafe(appId));
            metrics.Rejected(ChannelKind.WeChat, "unknown-account");
            return Results.NotFound();
        }

        var query = WeChatCallbackQuery.Parse(request.QueryString.Value ?? string.Empty);
        if (!account.Verifier.VerifyUrl(query))
        {
            logger.LogWarning("WeChat URL verification for {AppId} rejected: signature missing, wrong, or timestamp outside the window", account.AppId);
            // Counted with the pushes: a wrong Token shows here first, when the URL is saved in the MP console.
            metrics.Rejected(ChannelKind.WeChat, "unauthorized");
            return Results.Unauthorized();
        }

        if (string.IsNullOrEmpty(query.EchoStr))
        {
            logger.LogWarning("WeChat URL verification for {AppId} rejected: echostr missing", account.AppId);
            metrics.Rejected(ChannelKind.WeChat, "bad-request");
            return Results.BadRequest();
        }

        // The raw echostr is the whole body: no quotes, newline or BOM.
        return Results.Text(query.EchoStr, "text/plain", Utf8NoBom);
    }

    /// <summary>POST: a message or event push.</summary>
    public async Task<IResult> HandlePushAsync(string appId, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var deadline = ReplyDeadline.StartingNow(time, TimeSpan.FromMilliseconds(options.Value.ReplyBudgetMs));
        if (!concurrency.TryEnter())
        {
            // Over Ingress:MaxConcurrentRequests: shed like an unreachable cluster, by a hold that makes WeChat retry.
            // A 503 would end the exchange, and WeChat does not retry an answered push.
            logger.LogWarning("WeChat push for {AppId} shed: {InFlight} pushes already in flight (Ingress:MaxConcurrentRequests); holding it so that WeChat retries", LogSafe(appId), concurrency.InFlight);
            metrics.Held(ChannelKind.WeChat, "shed");
            return await HoldAsync(context);
        }

        try
        {
            return await HandleAdmittedPushAsync(appId, context, deadline);
        }
        finally
        {
            concurrency.Exit();
        }
    }

    private async Task<IResult> HandleAdmittedPushAsync(string appId, HttpContext context, ReplyDeadline deadline)
    {
        var request = context.Request;
        var aborted = context.RequestAborted;

        var account = accounts.Find(appId);
        if (account is null)
        {
            logger.LogWarning("WeChat push for unknown account {AppId}", LogSafe(appId));
            metrics.Rejected(ChannelKind.WeChat, "unknown-account");
            return Results.NotFound();
        }

        var body = await BoundedBody.ReadUtf8Async(request, WeChatOptions.MaxBodyBytes, aborted);
        if (body is null)
        {
            logger.LogWarning("WeChat push for {AppId} rejected: body larger than {Max} bytes", account.AppId, WeChatOptions.MaxBodyBytes);
            metrics.Rejected(ChannelKind.WeChat, "too-large");
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var query = WeChatCallbackQuery.Parse(request.QueryString.Value ?? string.Empty);
        var verified = account.Verifier.VerifyMessage(query, body);
        if (!verified.IsAccepted)
        {
            logger.LogWarning("WeChat push for {AppId} rejected ({Outcome}): {Reason}", account.AppId, verified.Outcome, verified.Reason);
            var unauthorized = verified.Outcome == WeChatCallbackOutcome.Unauthorized;
            metrics.Rejected(ChannelKind.WeChat, unauthorized ? "unauthorized" : "bad-request");
            return unauthorized ? Results.Unauthorized() : Results.BadRequest();
        }

        var message = verified.Message!;

        // The user is the verified XML's FromUserName, never the unsigned openid query parameter.
        var key = new ConversationKey(ChannelKind.WeChat, account.AppId, message.FromUserName);
        var inbound = WeChatInboundMapper.Map(message);

        // Every line the ingress logs for this push carries its conversation and message ids (the grain opens its own).
        using var scope = logger.BeginScope(
            "Conversation {ConversationKey}, message {PlatformMessageId} ({DedupId})", key.ToString(), inbound.PlatformMessageId, inbound.DedupId);
        var (reply, holdReason) = await DecideReplyAsync(key, inbound, deadline, aborted);

        switch (reply.Kind)
        {
            case PassiveReplyKind.Reply when !string.IsNullOrEmpty(reply.Text):
                var content = Utf8Text.TruncateToBytes(XmlText.StripInvalidChars(reply.Text), PassiveReplyMaxBytes);
                var xml = account.Encoder.EncodeTextReply(verified.Mode, message.FromUserName, message.ToUserName, content, query.Nonce ?? string.Empty);
                Acknowledged("text", deadline);
                return Results.Text(xml, "application/xml", Utf8NoBom);
            case PassiveReplyKind.TransferToHuman:
                var transfer = account.Encoder.EncodeTransferReply(verified.Mode, message.FromUserName, message.ToUserName, query.Nonce ?? string.Empty);
                Acknowledged("transfer", deadline);
                return Results.Text(transfer, "application/xml", Utf8NoBom);
            case PassiveReplyKind.Hold:
                logger.LogDebug("WeChat push held with no response ({HoldReason}); WeChat retries", holdReason);
                metrics.Held(ChannelKind.WeChat, holdReason);
                return await HoldAsync(context);
            default:
                Acknowledged("success", deadline);
                return Results.Text(WeChatReplyEncoder.Success, "text/plain", Utf8NoBom);
        }
    }

    private void Acknowledged(string reply, ReplyDeadline deadline)
    {
        var elapsed = deadline.Elapsed;
        logger.LogDebug("WeChat push answered ({Reply}) after {ElapsedMs} ms", reply, (long)elapsed.TotalMilliseconds);
        metrics.Acknowledged(ChannelKind.WeChat, reply, elapsed);
    }

    // The reply, and for a hold, why: pending (no answer within the budget), disconnected (WeChat left first) or
    // unavailable (the conversation could not be reached).
    private async Task<(PassiveReply Reply, string HoldReason)> DecideReplyAsync(ConversationKey key, InboundMessage inbound, ReplyDeadline deadline, CancellationToken aborted)
    {
        if (!cluster.IsAvailable)
        {
            // No silo to reach (none up yet, or every gateway lost): a grain call could only fail.
            logger.LogWarning("Conversation {Key} cannot be reached: no silo is available; holding the request so that WeChat retries", key);
            return (PassiveReply.Hold, "unavailable");
        }

        try
        {
            // Recording must finish even if WeChat disconnects: it is what makes the push durable.
            var outcome = await dispatcher.RecordAsync(key, inbound, deadline, CancellationToken.None);
            if (outcome.Reply is { } claimed)
            {
                return (claimed, "pending");
            }

            var waitFor = deadline.RemainingBeforeClaim;
            if (!outcome.AnswerReady && waitFor > TimeSpan.Zero)
            {
                try
                {
                    // The grain's deadline is on the grain's clock (ReceivedAt is the grain's), less what the ingress
                    // has spent since the request arrived.
                    await dispatcher.WaitForAnswerAsync(key, inbound.DedupId, outcome.ReceivedAt + waitFor, deadline, aborted);
                }
                catch (Exception ex) when (GrainCallFailures.IsTransient(ex) && !aborted.IsCancellationRequested)
                {
                    // The wait only decides how long to wait; the claim decides the reply (a hold until the answer is
                    // ready), and fails in its turn if the cluster cannot be reached.
                    logger.LogInformation("Waiting for the answer to {Key} ended early ({Failure}); claiming the reply now", key, ex.GetType().Name);
                }
            }

            if (aborted.IsCancellationRequested)
            {
                // WeChat is gone: claiming now would spend the last attempt's reply on nobody.
                return (PassiveReply.Hold, "disconnected");
            }

            return (await dispatcher.ClaimPassiveReplyAsync(key, inbound.DedupId, deadline, CancellationToken.None), "pending");
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return (PassiveReply.Hold, "disconnected");
        }
        catch (Exception ex) when (GrainCallFailures.IsTransient(ex))
        {
            // The cluster could not be reached within the reply budget (a silo died, Redis or the gateways are down):
            // expected during a failover, so a warning without a stack trace.
            logger.LogWarning("Conversation call for {Key} failed within the reply budget ({Failure}: {Message}); holding the request so that WeChat retries", key, ex.GetType().Name, ex.Message);
            return (PassiveReply.Hold, "unavailable");
        }
#pragma warning disable CA1031 // A verified push never gets a 5xx: holding makes WeChat retry, and the retry is safe (dedup).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Conversation call for {Key} failed; holding the request so that WeChat retries", key);
            return (PassiveReply.Hold, "unavailable");
        }
    }

    // No answer at all: WeChat disconnects after 5 s and retries. Any body, even an empty one, would end the
    // exchange and lose the next attempt, so a hold never ends in a response: when the platform has not gone by
    // HoldMaxSeconds, or the server is stopping, the connection is aborted instead (a retry follows either way).
    private async Task<IResult> HoldAsync(HttpContext context)
    {
        using var hold = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.Value.HoldMaxSeconds), hold.Token);
        }
        catch (OperationCanceledException)
        {
            // The platform disconnected, as expected, or the server is stopping.
        }

        context.Abort();
        return Results.Empty;
    }

    private static string LogSafe(string value) =>
        value.Length <= 64 && value.All(char.IsAsciiLetterOrDigit) ? value : "(invalid id)";
}
