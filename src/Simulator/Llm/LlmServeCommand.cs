using CustomerService.Simulator.CommandLine;

namespace CustomerService.Simulator.Llm;

/// <summary><c>llm serve</c>: runs the fake OpenAI-compatible model until Ctrl+C.</summary>
public static class LlmServeCommand
{
    public static async Task<int> RunAsync(ArgReader args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var port = args.Number("port", 5090);
        var delay = TimeSpan.FromMilliseconds(args.Number("delay-ms", 0));
        var key = args.Value("api-key");
        args.RejectUnknown();

        await using var server = await FakeOpenAiServer.StartAsync(port, key, delay, cancellationToken);
        Console.WriteLine($"Fake model at {server.BaseUrl} (answers \"{FakeOpenAiServer.AnswerPrefix}<question>\" after {delay.TotalMilliseconds:F0} ms). Ctrl+C stops it.");
        Console.WriteLine($"Server settings: --Llm:Provider OpenAI --Llm:BaseUrl {server.BaseUrl} --Llm:Model simulated{(key is null ? string.Empty : " --Llm:ApiKey <the key>")}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
