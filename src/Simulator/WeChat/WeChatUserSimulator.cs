using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CustomerService.Channels.WeChat;

namespace CustomerService.Simulator.WeChat;

/// <summary>
/// Plays WeChat's side of an Official Account callback: it signs and encrypts each push exactly as WeChat does,
/// waits 5 s per attempt, and re-sends the same push (same MsgId and CreateTime, freshly signed) up to 3 times
/// (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Passive_user_reply_message.html).
/// </summary>
public sealed class WeChatUserSimulator
{
    private readonly HttpClient _http;
    private readonly WeChatSimulatorSettings _settings;
    private readonly TimeProvider _time;
    private readonly WeChatCallbackSigner _signer;
    private readonly WeChatReplyDecoder _decoder;

    public WeChatUserSimulator(HttpClient http, WeChatSimulatorSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _http = http;
        _settings = settings;
        _time = time;
        _signer = new WeChatCallbackSigner(settings.Secrets, time);
        _decoder = new WeChatReplyDecoder(settings.Secrets);
    }

    public WeChatSimulatorSettings Settings => _settings;

    /// <summary>A fresh 64-bit MsgId, so that a second run is never taken for a retry of the first.</summary>
    public static long NewMessageId() => RandomNumberGenerator.GetInt32(1, int.MaxValue) * 1_000_000_000L + RandomNumberGenerator.GetInt32(0, 1_000_000_000);

    /// <summary>Sends a text message from <paramref name="openId"/>.</summary>
    public Task<SimulatedExchange> SendTextAsync(string openId, string text, CancellationToken cancellationToken = default) =>
        SendPushAsync(WeChatPushBuilder.Text(_settings.OriginalId, openId, Now(), text, NewMessageId()), cancellationToken);

    /// <summary>Sends an event (subscribe, CLICK, …) from <paramref name="openId"/>.</summary>
    public Task<SimulatedExchange> SendEventAsync(string openId, string eventName, string? eventKey = null, CancellationToken cancellationToken = default) =>
        SendPushAsync(WeChatPushBuilder.Event(_settings.OriginalId, openId, Now(), eventName, eventKey), cancellationToken);

    /// <summary>Delivers one push with WeChat's timeout and retries, and decodes the final answer.</summary>
    public async Task<SimulatedExchange> SendPushAsync(string pushXml, CancellationToken cancellationToken = default)
    {
        var attempts = new List<SimulatedAttempt>();
        var started = Stopwatch.GetTimestamp();
        for (var number = 1; number <= _settings.Attempts; number++)
        {
            var attempt = await SendOnceAsync(number, pushXml, cancellationToken);
            attempts.Add(attempt);
            if (attempt.TimedOut || attempt.ConnectionError is not null)
            {
                continue;
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            if (attempt.StatusCode != (int)HttpStatusCode.OK)
            {
                return new SimulatedExchange { Attempts = attempts, Error = $"HTTP {attempt.StatusCode}", Elapsed = elapsed };
            }

            var decoded = _decoder.Decode(attempt.Body ?? string.Empty, _settings.Mode);
            if (!decoded.Succeeded)
            {
                return new SimulatedExchange { Attempts = attempts, Error = decoded.Error, Elapsed = elapsed };
            }

            return decoded switch
            {
                { IsAcknowledgementOnly: true } => new SimulatedExchange { Attempts = attempts, Acknowledged = true, Elapsed = elapsed },
                { MsgType: "transfer_customer_service" } => new SimulatedExchange { Attempts = attempts, TransferredToHuman = true, Elapsed = elapsed },
                _ => new SimulatedExchange { Attempts = attempts, ReplyText = decoded.Content, Elapsed = elapsed },
            };
        }

        return new SimulatedExchange { Attempts = attempts, ServiceUnavailable = true, Elapsed = Stopwatch.GetElapsedTime(started) };
    }

    private async Task<SimulatedAttempt> SendOnceAsync(int number, string pushXml, CancellationToken cancellationToken)
    {
        // Each attempt is signed afresh: WeChat's retries may carry a new timestamp and nonce.
        var signed = _signer.Sign(pushXml, _settings.Mode);
        var url = new UriBuilder(_settings.CallbackUrl) { Query = signed.QueryString }.Uri;
        using var content = new StringContent(signed.Body, new UTF8Encoding(false), "text/xml");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.AttemptTimeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.PostAsync(url, content, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new SimulatedAttempt(number, (int)response.StatusCode, Stopwatch.GetElapsedTime(started), false, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Like WeChat: no answer within the window, so the connection is dropped and the push re-sent.
            return new SimulatedAttempt(number, null, Stopwatch.GetElapsedTime(started), true, null);
        }
        catch (HttpRequestException ex)
        {
            // Refused or reset (a held request that the server aborted, a server that is down): WeChat retries.
            return new SimulatedAttempt(number, null, Stopwatch.GetElapsedTime(started), false, null, ex.Message);
        }
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Formats an exchange for a person.</summary>
    public static string Describe(SimulatedExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var attempts = string.Join(", ", exchange.Attempts.Select(a => a switch
        {
            { TimedOut: true } => string.Create(CultureInfo.InvariantCulture, $"#{a.Number} timed out"),
            { ConnectionError: { } error } => string.Create(CultureInfo.InvariantCulture, $"#{a.Number} failed: {error}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"#{a.Number} HTTP {a.StatusCode} in {a.Elapsed.TotalMilliseconds:F0} ms"),
        }));
        return exchange switch
        {
            { Error: { } error } => $"[error: {error}] ({attempts})",
            { ServiceUnavailable: true } => $"[该公众号暂时无法提供服务，请稍后再试] ({attempts})",
            { Acknowledged: true } => $"[no reply] ({attempts})",
            { TransferredToHuman: true } => $"[transferred to human customer service] ({attempts})",
            _ => $"{exchange.ReplyText}\n    ({attempts})",
        };
    }
}
