using CustomerService.Simulator.CommandLine;
using CustomerService.Simulator.WeChat;

// Plays the platforms' side against a running CustomerService server.
const string Usage = """
    Usage: dotnet run --project src/Simulator -- <platform> <command> [options]

      wechat chat   type as a WeChat user; each line is sent as a text message
          --user OPENID     the simulated user's openid (default: a new random one)
      wechat load   send many FAQ questions from many users and report reply latency
          --messages N      messages in all (default 1000)
          --users N         distinct users (default 100)
          --concurrency N   messages in flight at once (default 32)
          --faq FILE        FAQ CSV whose questions are asked and whose answers count as FAQ hits
                            (default src/Grains/Knowledge/Data/sample-faq.csv)

    Common options:
    """ + WeChatSimulatorOptionsReader.Help;

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
        _ => Fail($"Unknown command '{args[0]} {args[1]}'."),
    };
}
catch (ArgumentException ex)
{
    return Fail(ex.Message);
}

static int Fail(string message)
{
    Console.Error.WriteLine(message);
    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}
