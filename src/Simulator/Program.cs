using System.Runtime.InteropServices;
using CustomerService.Simulator.CommandLine;
using CustomerService.Simulator.Llm;
using CustomerService.Simulator.WeChat;
using CustomerService.Simulator.WeChat.Api;

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
              --api-port N      also serve the fake WeChat API here and print pushed replies (default 5091)
              --app-secret S    the account's AppSecret on that fake API (default: the demo secret)
              --no-api          do not serve the fake API (when `wechat api serve` already runs)
          wechat load   send many FAQ questions from many users and report reply latency
              --messages N      messages in all (default 1000)
              --users N         distinct users (default 100)
              --concurrency N   messages in flight at once (default 32)
              --faq FILE        FAQ CSV whose questions are asked and whose answers count as FAQ hits
                                (default src/Grains/Knowledge/Data/sample-faq.csv)
              --expect MODE     reply (default: a passive text reply is expected) or ack (push mode: the
                                `success` acknowledgement is expected; measures the ack latency)
          wechat api serve  a fake WeChat Official Account API (stable_token, custom/send, custom/typing) on
                        127.0.0.1 that prints each pushed message; control it over /_simulator/… (faults, user
                        messages, token revocation; see FakeWeChatApiServer)
              --port N          port (default 5091)
              --app-id ID       the account's AppId (default the demo account, wxdemo0000000000)
              --app-secret S    its AppSecret (default the demo secret, DemoAppSecretNotReal000000000000)
              --no-quota        accept every send, without the 48 h window and message counts
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

        // SIGTERM (kill, a supervisor) stops the serve commands as Ctrl+C does. Without this the fake servers' web
        // host takes the signal, stops itself and keeps the process waiting.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => cancel.Cancel());

        if (args.Length < 2 || args.Contains("--help") || args.Contains("-h"))
        {
            Console.WriteLine(Usage);
            return args.Length < 2 && !args.Contains("--help") && !args.Contains("-h") ? 2 : 0;
        }

        try
        {
            if (args is ["wechat", "api", "serve", ..])
            {
                return await WeChatApiServeCommand.RunAsync(new ArgReader(args.Skip(3)), cancel.Token);
            }

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
