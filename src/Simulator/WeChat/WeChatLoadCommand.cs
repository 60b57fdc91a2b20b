using System.Diagnostics;
using System.Globalization;
using CustomerService.Simulator.CommandLine;
using CustomerService.Simulator.Knowledge;

namespace CustomerService.Simulator.WeChat;

/// <summary>
/// <c>wechat load</c>: sends FAQ questions from many users through the full WeChat protocol and reports the latency
/// (p50/p90/p99) of the answer WeChat would get. <c>--expect reply</c> (the default) counts passive text replies and
/// how many were FAQ answers; <c>--expect ack</c> is for push-mode accounts, where the right answer is the plain
/// <c>success</c> acknowledgement (the reply goes out later through custom/send), so it measures the ack latency.
/// Bounded in count; loopback only by default.
/// </summary>
public static class WeChatLoadCommand
{
    public static async Task<int> RunAsync(ArgReader args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var settings = WeChatSimulatorOptionsReader.Read(args);
        var messages = args.Number("messages", 1000);
        var users = args.Number("users", 100);
        var concurrency = args.Number("concurrency", 32);
        var faqFile = args.Value("faq") ?? Path.Combine("src", "Grains", "Knowledge", "Data", "sample-faq.csv");
        var expect = args.Value("expect") ?? "reply";
        args.RejectUnknown();
        if (expect is not ("reply" or "ack"))
        {
            throw new ArgumentException("--expect must be reply or ack.");
        }

        if (messages < 1 || users < 1 || concurrency < 1)
        {
            throw new ArgumentException("--messages, --users and --concurrency must be positive.");
        }

        var (questions, answers) = ReadFaq(faqFile);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { Timeout = Timeout.InfiniteTimeSpan };
        var simulator = new WeChatUserSimulator(http, settings, TimeProvider.System);
        var result = await RunLoadAsync(simulator, questions, answers, messages, users, concurrency, expect == "ack", cancellationToken);
        Console.WriteLine(result.Describe());
        return result.Errors == 0 ? 0 : 1;
    }

    public static async Task<LoadResult> RunLoadAsync(
        WeChatUserSimulator simulator,
        IReadOnlyList<string> questions,
        IReadOnlySet<string> faqAnswers,
        int messages,
        int users,
        int concurrency,
        bool expectAck,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(faqAnswers);
        var latencies = new double[messages];
        var faqHits = 0;
        var otherReplies = 0;
        var errors = 0;
        var attemptsOverOne = 0;
        var run = $"{Guid.NewGuid():N}"[..8];
        using var gate = new SemaphoreSlim(concurrency);
        var started = Stopwatch.GetTimestamp();

        // Each user sends their share one after another, as a person would; users run side by side.
        var perUser = Enumerable.Range(0, users).Select(async u =>
        {
            var openId = $"oLoad{run}{u:D6}";
            for (var i = u; i < messages; i += users)
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var exchange = await simulator.SendTextAsync(openId, questions[i % questions.Count], cancellationToken);
                    latencies[i] = exchange.Elapsed.TotalMilliseconds;
                    if (exchange.Attempts.Count > 1)
                    {
                        Interlocked.Increment(ref attemptsOverOne);
                    }

                    if (expectAck)
                    {
                        if (exchange.Acknowledged)
                        {
                            Interlocked.Increment(ref otherReplies);
                        }
                        else
                        {
                            Interlocked.Increment(ref errors);
                        }
                    }
                    else if (exchange.ReplyText is { } reply)
                    {
                        if (faqAnswers.Contains(FaqFile.NormalizeLineEnds(reply)))
                        {
                            Interlocked.Increment(ref faqHits);
                        }
                        else
                        {
                            Interlocked.Increment(ref otherReplies);
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }
        });
        await Task.WhenAll(perUser);

        Array.Sort(latencies);
        return new LoadResult(
            messages,
            users,
            concurrency,
            Stopwatch.GetElapsedTime(started),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.90),
            Percentile(latencies, 0.99),
            latencies[^1],
            faqHits,
            otherReplies,
            errors,
            attemptsOverOne,
            expectAck);
    }

    public static (IReadOnlyList<string> Questions, IReadOnlySet<string> Answers) ReadFaq(string path)
    {
        var rows = FaqFile.Read(path);
        return (
            [.. rows.SelectMany(r => r.Similar.Prepend(r.Question))],
            rows.Select(r => r.Answer).ToHashSet(StringComparer.Ordinal));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>The numbers of one load run.</summary>
public sealed record LoadResult(
    int Messages,
    int Users,
    int Concurrency,
    TimeSpan Duration,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    int FaqAnswers,
    int OtherReplies,
    int Errors,
    int Retried,
    bool ExpectAck = false)
{
    public string Describe()
    {
        var outcome = ExpectAck
            ? string.Create(CultureInfo.InvariantCulture, $"acknowledged={OtherReplies} not_acknowledged_or_error={Errors} needed_retry={Retried}")
            : string.Create(CultureInfo.InvariantCulture, $"faq_answers={FaqAnswers} other_replies={OtherReplies} no_reply_or_error={Errors} needed_retry={Retried}");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"messages={Messages} users={Users} concurrency={Concurrency} duration_s={Duration.TotalSeconds:F2} rate_per_s={Messages / Duration.TotalSeconds:F0}\n" +
            $"latency_ms p50={P50Ms:F1} p90={P90Ms:F1} p99={P99Ms:F1} max={MaxMs:F1}\n") + outcome;
    }
}
