using CustomerService.Simulator.CommandLine;

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
        args.RejectUnknown();

        using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        var simulator = new WeChatUserSimulator(http, settings, TimeProvider.System);
        Console.WriteLine($"Talking to {settings.CallbackUrl} as {user} ({settings.Mode} mode).");
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
}
