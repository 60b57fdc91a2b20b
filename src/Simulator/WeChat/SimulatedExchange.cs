namespace CustomerService.Simulator.WeChat;

/// <summary>The whole exchange of one push: every attempt and what the user finally saw.</summary>
public sealed record SimulatedExchange
{
    public required IReadOnlyList<SimulatedAttempt> Attempts { get; init; }

    /// <summary>The text reply the user sees, or null.</summary>
    public string? ReplyText { get; init; }

    /// <summary>True when the reply handed the message to WeChat's human customer service (<c>transfer_customer_service</c>).</summary>
    public bool TransferredToHuman { get; init; }

    /// <summary>True when the server answered <c>success</c> or an empty body: the user sees nothing.</summary>
    public bool Acknowledged { get; init; }

    /// <summary>True when every attempt timed out: WeChat shows 「该公众号暂时无法提供服务，请稍后再试」.</summary>
    public bool ServiceUnavailable { get; init; }

    /// <summary>A protocol problem in the answer (bad signature, bad XML, a non-200 status).</summary>
    public string? Error { get; init; }

    /// <summary>From the first attempt's start to the final answer.</summary>
    public TimeSpan Elapsed { get; init; }
}
