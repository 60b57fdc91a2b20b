using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerService.Simulator.WeChat.Api;

/// <summary>
/// A fake of the Official Account active APIs on loopback that speaks the real wire protocol (JSON bodies, the
/// access token in the query string, errors as HTTP 200 with <c>errcode</c>) and enforces the platform's real rules:
/// stable_token's normal and force modes, the customer-service quota (5 messages within 48 h of a user message,
/// 3 within 1 min of an interaction), the 2048-byte text limit and the typing rules. Tests and the simulator's
/// <c>wechat api serve</c> share it.
/// </summary>
/// <remarks>
/// Wire endpoints:
/// <c>POST /cgi-bin/stable_token</c> (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html),
/// <c>GET /cgi-bin/token</c> (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Get_access_token.html),
/// <c>POST /cgi-bin/message/custom/send</c> and <c>POST /cgi-bin/message/custom/typing</c>
/// (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html).
/// The control surface for a human (JSON, snake_case like the platform):
/// <list type="bullet">
/// <item><c>GET /_simulator/messages</c>, <c>GET /_simulator/typing</c>, <c>GET /_simulator/counters</c>: what happened.</item>
/// <item><c>POST /_simulator/faults</c> <c>{"endpoint":"send|typing|stable_token|token","errcode":45015}</c>, or
/// <c>"http_status":503</c>, or <c>"drop":"before|after"</c>, or <c>"not_json":true</c>; optional <c>"openid"</c> and <c>"count"</c>.</item>
/// <item><c>POST /_simulator/user-message</c> and <c>/_simulator/interaction</c> <c>{"appid","openid"}</c>: open the
/// user's grants; <c>/_simulator/opt-out</c> <c>{"appid","openid","opted_out":true}</c>.</item>
/// <item><c>POST /_simulator/revoke</c>, <c>/_simulator/rotate</c> <c>{"appid"}</c>; <c>/_simulator/permission</c>
/// <c>{"appid","can_use_customer_service":false}</c>.</item>
/// </list>
/// </remarks>
public sealed class FakeWeChatApiServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly WebApplication _app;
    private readonly FakeWeChatPlatform _platform;

    private FakeWeChatApiServer(WebApplication app, FakeWeChatPlatform platform)
    {
        _app = app;
        _platform = platform;
    }

    /// <summary>Raised for every message the fake accepts, after it is recorded (on the request's thread).</summary>
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stallRelease = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public event EventHandler<FakeSentMessage>? MessageSent;

    /// <summary>Raised for every typing call the fake handles, accepted or not.</summary>
    public event EventHandler<FakeTypingCall>? TypingReceived;

    /// <summary>
    /// Raised for every call an injected fault took, once the fault's answer is written (or the connection dropped),
    /// with the fault as enqueued: a faulted call is never handled, so it appears in no other list.
    /// </summary>
    public event EventHandler<FakeWeChatFault>? FaultApplied;

    /// <summary>The root to configure as <c>Channels:WeChat:ApiBaseUrl</c> (ends with <c>/</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Normal-mode stable_token calls received (faulted ones included).</summary>
    public int NormalTokenCalls => _platform.NormalTokenCalls;

    /// <summary>Force-refresh stable_token calls received (whether they refreshed or not).</summary>
    public int ForceRefreshCalls => _platform.ForceRefreshCalls;

    /// <summary><c>GET /cgi-bin/token</c> calls received.</summary>
    public int ClassicTokenCalls => _platform.ClassicTokenCalls;

    /// <summary>stable_token calls received for one AppId, faulted ones included.</summary>
    public FakeTokenCallCounts TokenCallsFor(string appId) => _platform.TokenCallsFor(appId);

    /// <summary>Every accepted message, in order.</summary>
    public IReadOnlyList<FakeSentMessage> SentMessages => _platform.SentMessages;

    /// <summary>Every typing call, in order.</summary>
    public IReadOnlyList<FakeTypingCall> TypingCalls => _platform.TypingCalls;

    /// <summary>Starts the fake on 127.0.0.1.</summary>
    /// <param name="options">Port, clock and limits.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<FakeWeChatApiServer> StartAsync(FakeWeChatApiOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
        var app = builder.Build();
        var server = new FakeWeChatApiServer(app, new FakeWeChatPlatform(options));
        server.MapWire(app);
        server.MapControl(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Adds (or replaces) an account.</summary>
    public void RegisterAccount(string appId, string appSecret) => _platform.RegisterAccount(appId, appSecret);

    /// <summary>
    /// The user wrote to the account: opens (or resets) their grant of 5 messages within 48 h; a new message resets
    /// the count to 5, it does not add 5.
    /// </summary>
    public void RecordUserMessage(string appId, string openId, DateTimeOffset? at = null) => _platform.RecordUserMessage(appId, openId, at);

    /// <summary>The user clicked a menu, followed or scanned: 3 messages within 1 min, without opening the 48 h window.</summary>
    public void RecordInteraction(string appId, string openId, DateTimeOffset? at = null) => _platform.RecordInteraction(appId, openId, at);

    /// <summary>The user turned off messages from the account (48002 on send), or on again.</summary>
    public void SetUserOptedOut(string appId, string openId, bool optedOut = true) => _platform.SetUserOptedOut(appId, openId, optedOut);

    /// <summary>False makes send and typing answer 48001, as for an unverified account.</summary>
    public void SetAccountPermission(string appId, bool canUseCustomerService) => _platform.SetAccountPermission(appId, canUseCustomerService);

    /// <summary>
    /// The production failure where the current token is rejected (40001) while normal-mode stable_token keeps
    /// returning it: only a force refresh cures it.
    /// </summary>
    public void RevokeCurrentToken(string appId) => _platform.RevokeCurrentToken(appId);

    /// <summary>Another party got a new token: normal mode now returns it, and the old one gets 40001.</summary>
    /// <returns>The new token.</returns>
    public string RotateToken(string appId) => _platform.RotateToken(appId);

    /// <summary>The account's current stable token (null before the first call), for tests that compare tokens.</summary>
    public string? CurrentToken(string appId) => _platform.CurrentToken(appId);

    /// <summary>Queues a failure for the next matching calls.</summary>
    public void EnqueueFault(FakeWeChatFault fault) => _platform.EnqueueFault(fault);

    /// <summary>Completes when a call has been stalled by a <see cref="FakeWeChatFaultKind.Stall"/> fault.</summary>
    public Task Stalled => _stalled.Task;

    /// <summary>Lets every stalled call (and any stalled later) go on and be handled.</summary>
    public void ReleaseStalled() => _stallRelease.TrySetResult();

    /// <summary>
    /// Waits, event-driven, until <paramref name="until"/> holds for <see cref="SentMessages"/>; throws
    /// <see cref="TimeoutException"/> listing what was sent when it does not within <paramref name="timeout"/>.
    /// </summary>
    public Task WaitForSentAsync(Func<IReadOnlyList<FakeSentMessage>, bool> until, TimeSpan timeout, CancellationToken cancellationToken) =>
        _platform.WaitForSentAsync(until, timeout, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void MapWire(WebApplication app)
    {
        app.MapPost("/cgi-bin/stable_token", (RequestDelegate)(async context =>
        {
            var body = await ReadJsonAsync(context);
            _platform.CountStableTokenCall(body);
            await HandleAsync(context, FakeWeChatEndpoint.StableToken, null, () => TokenJson(_platform.StableToken(body)));
        }));

        app.MapGet("/cgi-bin/token", (RequestDelegate)(context =>
        {
            var query = context.Request.Query;
            _platform.CountClassicTokenCall();
            return HandleAsync(context, FakeWeChatEndpoint.Token, null, () =>
                TokenJson(_platform.ClassicToken(query["grant_type"], query["appid"], query["secret"])));
        }));

        app.MapPost("/cgi-bin/message/custom/send", (RequestDelegate)(async context =>
        {
            var raw = await ReadBodyAsync(context);
            var body = Parse(raw);
            await HandleAsync(context, FakeWeChatEndpoint.Send, OpenIdOf(body), () =>
            {
                var code = _platform.Send(context.Request.Query["access_token"], body, raw, out var sent);
                if (sent is not null)
                {
                    MessageSent?.Invoke(this, sent);
                }

                return ErrorJson(code);
            });
        }));

        app.MapPost("/cgi-bin/message/custom/typing", (RequestDelegate)(async context =>
        {
            var body = await ReadJsonAsync(context);
            await HandleAsync(context, FakeWeChatEndpoint.Typing, OpenIdOf(body), () =>
            {
                var code = _platform.Typing(context.Request.Query["access_token"], body, out var call);
                if (call is not null)
                {
                    TypingReceived?.Invoke(this, call);
                }

                return ErrorJson(code);
            });
        }));
    }

    // Faults come first; a call that is handled answers the platform's JSON with the content type it uses. A fault's
    // answer is completed (flushed) before FaultApplied, so that a test awaiting it knows the caller has the answer.
    private async Task HandleAsync(HttpContext context, FakeWeChatEndpoint endpoint, string? openId, Func<JsonObject> handle)
    {
        var fault = _platform.TakeFault(endpoint, openId);
        if (fault is null)
        {
            await WriteJsonAsync(context, handle());
            return;
        }

        switch (fault.Kind)
        {
            case FakeWeChatFaultKind.ErrorCode:
                await WriteJsonAsync(context, ErrorJson(fault.Code));
                await context.Response.CompleteAsync();
                break;
            case FakeWeChatFaultKind.HttpStatus:
                context.Response.StatusCode = fault.Code;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync($"<html><body><h1>{fault.Code}</h1>fake front end</body></html>");
                await context.Response.CompleteAsync();
                break;
            case FakeWeChatFaultKind.NotJson:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body>fake proxy: please log in</body></html>");
                await context.Response.CompleteAsync();
                break;
            case FakeWeChatFaultKind.DropBeforeHandling:
                context.Abort();
                break;
            case FakeWeChatFaultKind.DropAfterHandling:
                handle();
                context.Abort();
                break;
            case FakeWeChatFaultKind.Stall:
                _stalled.TrySetResult();
                await _stallRelease.Task.WaitAsync(context.RequestAborted);
                await WriteJsonAsync(context, handle());
                break;
        }

        FaultApplied?.Invoke(this, fault);
    }

    private void MapControl(WebApplication app)
    {
        app.MapGet("/_simulator/messages", (RequestDelegate)(context => WriteJsonAsync(context, new JsonObject
        {
            ["messages"] = new JsonArray([.. SentMessages.Select(m => (JsonNode)new JsonObject
            {
                ["seq"] = m.Sequence,
                ["appid"] = m.AppId,
                ["openid"] = m.OpenId,
                ["text"] = m.Text,
                ["at"] = m.At.ToString("O", CultureInfo.InvariantCulture),
            })]),
        })));

        app.MapGet("/_simulator/typing", (RequestDelegate)(context => WriteJsonAsync(context, new JsonObject
        {
            ["typing"] = new JsonArray([.. TypingCalls.Select(t => (JsonNode)new JsonObject
            {
                ["appid"] = t.AppId,
                ["openid"] = t.OpenId,
                ["command"] = t.Command,
                ["errcode"] = t.ErrorCode,
                ["at"] = t.At.ToString("O", CultureInfo.InvariantCulture),
            })]),
        })));

        app.MapGet("/_simulator/counters", (RequestDelegate)(context => WriteJsonAsync(context, new JsonObject
        {
            ["normal_token_calls"] = NormalTokenCalls,
            ["force_refresh_calls"] = ForceRefreshCalls,
            ["classic_token_calls"] = ClassicTokenCalls,
            ["sent_messages"] = SentMessages.Count,
        })));

        MapCommand(app, "faults", body => EnqueueFault(ParseFault(body)));
        MapCommand(app, "user-message", body => RecordUserMessage(Required(body, "appid"), Required(body, "openid")));
        MapCommand(app, "interaction", body => RecordInteraction(Required(body, "appid"), Required(body, "openid")));
        MapCommand(app, "opt-out", body => SetUserOptedOut(Required(body, "appid"), Required(body, "openid"), Flag(body, "opted_out", true)));
        MapCommand(app, "revoke", body => RevokeCurrentToken(Required(body, "appid")));
        MapCommand(app, "rotate", body => RotateToken(Required(body, "appid")));
        MapCommand(app, "permission", body => SetAccountPermission(Required(body, "appid"), Flag(body, "can_use_customer_service", true)));
    }

    // A control command answers 204, or 400 with {"error":"…"} for a body it cannot use.
    private static void MapCommand(WebApplication app, string name, Action<JsonObject> command)
    {
        app.MapPost("/_simulator/" + name, (RequestDelegate)(async context =>
        {
            var body = await ReadJsonAsync(context) as JsonObject;
            try
            {
                command(body ?? throw new ArgumentException("The body must be a JSON object."));
            }
            catch (ArgumentException ex)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await WriteJsonAsync(context, new JsonObject { ["error"] = ex.Message });
                return;
            }
            catch (InvalidOperationException ex)
            {
                context.Response.StatusCode = StatusCodes.Status409Conflict;
                await WriteJsonAsync(context, new JsonObject { ["error"] = ex.Message });
                return;
            }

            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }));
    }

    private static FakeWeChatFault ParseFault(JsonObject body)
    {
        var endpoint = Required(body, "endpoint") switch
        {
            "send" => FakeWeChatEndpoint.Send,
            "typing" => FakeWeChatEndpoint.Typing,
            "stable_token" => FakeWeChatEndpoint.StableToken,
            "token" => FakeWeChatEndpoint.Token,
            var other => throw new ArgumentException($"Unknown endpoint '{other}' (send, typing, stable_token, token)."),
        };
        var openId = Optional(body, "openid");
        var count = Number(body, "count") ?? 1;
        var errorCode = Number(body, "errcode");
        var status = Number(body, "http_status");
        var drop = Optional(body, "drop");
        if (Flag(body, "not_json", false))
        {
            return errorCode is null && status is null && drop is null
                ? FakeWeChatFault.NotJson(endpoint, count, openId)
                : throw new ArgumentException("not_json takes no errcode, http_status or drop.");
        }

        return (errorCode, status, drop) switch
        {
            ({ } code, null, null) => FakeWeChatFault.Error(endpoint, code, count, openId),
            (null, { } http, null) => FakeWeChatFault.Http(endpoint, http, count, openId),
            (null, null, "before") => FakeWeChatFault.Drop(endpoint, afterHandling: false, count, openId),
            (null, null, "after") => FakeWeChatFault.Drop(endpoint, afterHandling: true, count, openId),
            _ => throw new ArgumentException("Give exactly one of errcode, http_status or drop (\"before\" or \"after\")."),
        };
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context) => Parse(await ReadBodyAsync(context));

    private static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static JsonNode? Parse(string body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? OpenIdOf(JsonNode? body) =>
        body is JsonObject o && o["touser"] is JsonValue v && v.TryGetValue<string>(out var openId) ? openId : null;

    private static JsonObject ErrorJson(int code) => new() { ["errcode"] = code, ["errmsg"] = FakeWeChatErrors.MessageFor(code) };

    // Success is {"access_token","expires_in"} with no errcode, as the platform answers.
    private static JsonObject TokenJson(FakeTokenAnswer answer) => answer.Code == FakeWeChatErrors.Ok
        ? new JsonObject { ["access_token"] = answer.AccessToken, ["expires_in"] = answer.ExpiresIn }
        : ErrorJson(answer.Code);

    private static async Task WriteJsonAsync(HttpContext context, JsonObject json)
    {
        context.Response.ContentType = "application/json; encoding=utf-8";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(json.ToJsonString(Relaxed)), context.RequestAborted);
    }

    private static string Required(JsonObject body, string name) =>
        Optional(body, name) ?? throw new ArgumentException($"\"{name}\" is required.");

    private static string? Optional(JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    private static int? Number(JsonObject body, string name) =>
        body[name] is JsonValue v && v.TryGetValue<int>(out var number) ? number : null;

    private static bool Flag(JsonObject body, string name, bool fallback) =>
        body[name] is JsonValue v && v.TryGetValue<bool>(out var flag) ? flag : fallback;
}
