using CustomerService.Simulator.Llm;
using CustomerService.Simulator.WeChat;

namespace CustomerService.Integration.Tests.Failover;

/// <summary>
/// One message of <see cref="SteadyTraffic"/>: who asked what (and the push as WeChat sent it, for a later retry), when,
/// and what WeChat got back over its attempts. Times are since the traffic started.
/// </summary>
public sealed record TrackedExchange
{
    /// <summary>The user's number (0 to users − 1).</summary>
    public required int User { get; init; }

    public required string OpenId { get; init; }

    /// <summary>The message's number within its user's messages (0, 1, …), in sending order.</summary>
    public required int Number { get; init; }

    public required string Question { get; init; }

    /// <summary>The plain push XML, with its MsgId and CreateTime: sending it again is a WeChat retry.</summary>
    public required string PushXml { get; init; }

    public required TimeSpan StartedAt { get; init; }

    public required TimeSpan EndedAt { get; init; }

    public required SimulatedExchange Exchange { get; init; }

    /// <summary>What the fake model answers to the question (no message matches the FAQ).</summary>
    public string Answer => FakeOpenAiServer.AnswerFor(Question);

    /// <summary>When the attempt that got the final response began: WeChat's attempts run one after another.</summary>
    public TimeSpan FinalAttemptStartedAt => EndedAt - Exchange.Attempts[^1].Elapsed;

    public string Describe() =>
        $"user {User} message {Number} ({Question}), sent at {StartedAt.TotalSeconds:F1} s: {WeChatUserSimulator.Describe(Exchange)}";
}
