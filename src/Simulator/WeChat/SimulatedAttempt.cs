namespace CustomerService.Simulator.WeChat;

/// <summary>What one delivery attempt of a push got back.</summary>
/// <remarks><paramref name="ConnectionError"/> is set when the server could not be reached at all; WeChat retries then too.</remarks>
public sealed record SimulatedAttempt(int Number, int? StatusCode, TimeSpan Elapsed, bool TimedOut, string? Body, string? ConnectionError = null);
