namespace CustomerService.Simulator.WeChat.Api;

/// <summary>A customer-service text message the fake accepted.</summary>
public sealed record FakeSentMessage
{
    /// <summary>1 for the first message the server accepted, then 2, 3, …</summary>
    public required long Sequence { get; init; }

    /// <summary>The account that sent it (the access token's account).</summary>
    public required string AppId { get; init; }

    /// <summary>The recipient.</summary>
    public required string OpenId { get; init; }

    /// <summary>The text exactly as received (decoded from the UTF-8 JSON body).</summary>
    public required string Text { get; init; }

    /// <summary>The request body as it arrived (UTF-8), to check the wire format, for example that emoji are not escaped.</summary>
    public required string RawBody { get; init; }

    /// <summary>When the fake's clock accepted it.</summary>
    public required DateTimeOffset At { get; init; }
}
