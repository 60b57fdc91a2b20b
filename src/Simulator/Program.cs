using CustomerService.Simulator.CommandLine;
using CustomerService.Simulator.Llm;
using CustomerService.Simulator.WeChat;

namespace CustomerService.Simulator;

/// <summary>
/// Plays the platforms' side against a running CustomerService server. An explicit class (not top-level statements)
/// so that its Program type cannot clash with the ingress's in test projects.
/// </summary>
public static class SimulatorProgram
{
    private static readonly string Usage = """
        Usage: dotnet run --project src/Simulator -- <platform> <command> [options]

          wechat chat   type as a WeChat user; each line is sent as a text message
              --user OPENID     the simulated user's openid (default: a new random one)
                                in the chat: /subscribe, /unsubscribe, /click KEY (menu click), /quit
          wechat load   send many FAQ questions from many users and report reply latency
              --messages N      messages in all (default 1000)
              --users N         distinct users (default 100)
              --concurrency N   messages in flight at once (default 32)
              --faq FILE        FAQ CSV whose questions are asked and whose answers count as FAQ hits
                                (default src/Grains/Knowledge/Data/sample-faq.csv)
          llm serve     a fake OpenAI-compatible model on 127.0.0.1, answering "【模拟模型】<question>"
              --port N          port (default 5090)
              --delay-ms N      how long each answer takes (default 0; try 8000 to see the passive timeline)
              --api-key KEY     require this bearer key (default: none)

        Common wechat options (point --url at the server when it does not run on the default address):

        """ + WeChatSimulatorOptionsReader.Help;

    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        if (args.Length < 2 || args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return args.Length < 2 && !args.Contains("--help") && !args.Contains("-h") ? 2 : 0;
        }

        try
        {
            var options = new ArgReader(args.Skip(2));
            return (args[0], args[1]) switch
            {
                ("wechat", "chat") => await WeChatChatCommand.RunAsync(options, cancel.Token),
                ("wechat", "load") => await WeChatLoadCommand.RunAsync(options, cancel.Token),
                ("llm", "serve") => await LlmServeCommand.RunAsync(options, cancel.Token),
                _ => Fail($"Unknown command '{args[0]} {args[1]}'."),
            };
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine("Run with --help for usage.");
        return 2;
    }
}
