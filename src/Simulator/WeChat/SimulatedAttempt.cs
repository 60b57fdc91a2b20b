namespace CustomerService.Simulator.WeChat;

/// <summary>What one delivery attempt of a push got back.</summary>
public sealed record SimulatedAttempt(int Number, int? StatusCode, TimeSpan Elapsed, bool TimedOut, string? Body);
