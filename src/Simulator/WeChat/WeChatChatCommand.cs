using CustomerService.Simulator.CommandLine;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.Simulator.WeChat;

/// <summary><c>wechat chat</c>: type as a WeChat user and see the replies.</summary>
public static class WeChatChatCommand
{
    public const string CommandHelp = "Commands: /subscribe, /unsubscribe, /click KEY (a menu click), /quit.";

    private static bool IsKnownCommand(string line) =>
        line is "/subscribe" or "/unsubscribe" or "/quit"
        || (line.StartsWith("/click ", StringComparison.Ordinal) && line.Length > "/click ".Length && !string.IsNullOrWhiteSpace(line["/click ".Length..]));

    public static async Task<int> RunAsync(ArgReader args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = WeChatSimulatorOptionsReader.Read(args);
        var user = args.Value("user") ?? $"oSim{Guid.NewGuid():N}"[..28];
        var apiPort = args.Number("api-port", WeChatApiServeCommand.DefaultPort);
        var appSecret = args.Value("app-secret") ?? WeChatApiServeCommand.DemoAppSecret;
        var noApi = args.Flag("no-api");
        args.RejectUnknown();

        // The fake WeChat API plays the platform's side of push delivery: the server's custom/send calls arrive
        // here and are printed as they come, after (or long after) the passive reply of the same message.
        await using var api = noApi ? null : await StartApiAsync(apiPort, settings.AppId, appSecret, cancellationToken);
        if (api is not null)
        {
            api.MessageSent += (_, m) =>
            {
                if (string.Equals(m.OpenId, user, StringComparison.Ordinal))
                {
                    Console.WriteLine($"\n« (pushed) {m.Text}");
                    Console.Write("> ");
                }
            };
        }

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var simulator = new WeChatUserSimulator(http, settings, TimeProvider.System);
        Console.WriteLine($"Talking to {settings.CallbackUrl} as {user} ({settings.Mode} mode).");
        if (api is not null)
        {
            Console.WriteLine($"Fake WeChat API for pushed replies at {api.BaseAddress} (the Development server's Channels:WeChat:ApiBaseUrl).");
        }
        Console.WriteLine("Type a message and press Enter. " + CommandHelp);
        while (!cancellationToken.IsCancellationRequested)
        {
            Console.Write("> ");
            var line = Console.ReadLine();
            if (line is null || line == "/quit")
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (line.StartsWith('/') && !IsKnownCommand(line))
            {
                Console.WriteLine(CommandHelp);
                continue;
            }

            // What WeChat itself does when the user acts: a message opens a 5-message, 48-hour grant; a menu click
            // or a follow grants 3 messages for a minute.
            if (line.StartsWith("/click ", StringComparison.Ordinal) || line == "/subscribe")
            {
                api?.RecordInteraction(settings.AppId, user);
            }
            else if (!line.StartsWith('/'))
            {
                api?.RecordUserMessage(settings.AppId, user);
            }

            var exchange = line switch
            {
                "/subscribe" => await simulator.SendEventAsync(user, "subscribe", cancellationToken: cancellationToken),
                "/unsubscribe" => await simulator.SendEventAsync(user, "unsubscribe", cancellationToken: cancellationToken),
                _ when line.StartsWith("/click ", StringComparison.Ordinal) =>
                    await simulator.SendEventAsync(user, "CLICK", line["/click ".Length..].Trim(), cancellationToken),
                _ => await simulator.SendTextAsync(user, line, cancellationToken),
            };
            Console.WriteLine("< " + WeChatUserSimulator.Describe(exchange));
        }

        return 0;
    }

    private static async Task<FakeWeChatApiServer> StartApiAsync(int port, string appId, string appSecret, CancellationToken cancellationToken)
    {
        try
        {
            var server = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions { Port = port }, cancellationToken);
            server.RegisterAccount(appId, appSecret);
            return server;
        }
        catch (IOException ex)
        {
            throw new ArgumentException($"The fake WeChat API cannot listen on port {port} ({ex.Message}). Choose another with --api-port, or pass --no-api when `wechat api serve` already runs.", ex);
        }
    }
}
