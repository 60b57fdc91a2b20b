using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CustomerService.Simulator.Llm;

/// <summary>
/// A fake OpenAI-compatible model on loopback: <c>POST {base}/chat/completions</c> with the real request and
/// response shapes (https://platform.openai.com/docs/api-reference/chat/create), so that the gateway's real
/// <c>IChatClient</c> path runs without a provider. It answers <c>【模拟模型】</c> + the last user message, after an
/// optional delay; it checks the bearer key when one is set.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    public const string AnswerPrefix = "【模拟模型】";

    private readonly WebApplication _app;
    private int _calls;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as <c>Llm:BaseUrl</c> (ends with <c>/v1</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How long each answer takes; changeable while running.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>
    /// When set, how long the answer to a given question takes, in place of <see cref="Delay"/>: a mix of quick and
    /// slow answers in one run (a failover test keeps some answers beyond WeChat's passive window).
    /// </summary>
    public Func<string, TimeSpan>? DelayFor { get; set; }

    /// <summary>Chat-completion requests received.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>The last request body, as JSON.</summary>
    public JsonNode? LastRequest { get; private set; }

    public static string AnswerFor(string question) => AnswerPrefix + question;

    /// <summary>Starts on 127.0.0.1 (port 0 picks a free port).</summary>
    public static async Task<FakeOpenAiServer> StartAsync(int port = 0, string? apiKey = null, TimeSpan delay = default, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var server = new FakeOpenAiServer(app) { Delay = delay };
        app.MapPost("/v1/chat/completions", (Delegate)((HttpContext context) => server.CompleteAsync(context, apiKey)));
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    private async Task<IResult> CompleteAsync(HttpContext context, string? apiKey)
    {
        Interlocked.Increment(ref _calls);
        if (apiKey is not null && !string.Equals(context.Request.Headers.Authorization.ToString(), "Bearer " + apiKey, StringComparison.Ordinal))
        {
            return Results.Json(new JsonObject { ["error"] = new JsonObject { ["message"] = "Incorrect API key provided.", ["type"] = "invalid_request_error", ["code"] = "invalid_api_key" } }, statusCode: 401);
        }

        var request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        LastRequest = request;
        var messages = request?["messages"]?.AsArray() ?? [];
        var question = messages.LastOrDefault(m => (string?)m?["role"] == "user")?["content"]?.ToString() ?? string.Empty;
        var delay = DelayFor?.Invoke(question) ?? Delay;
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        var answer = AnswerFor(question);
        var response = new JsonObject
        {
            ["id"] = "chatcmpl-sim" + Calls.ToString(CultureInfo.InvariantCulture),
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = (string?)request?["model"] ?? "simulated",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = answer },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["completion_tokens"] = 1, ["total_tokens"] = 2 },
        };
        return Results.Json(response);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
