using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>Builds inbound pushes for tests.</summary>
internal static class Pushes
{
    private static long _next = 10_000;

    public static InboundMessage Text(string text, string? dedupId = null) => new()
    {
        DedupId = dedupId ?? NewMessageId(),
        Kind = InboundKind.Text,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Text = text,
    };

    public static InboundMessage Of(InboundKind kind, string? text = null, string? eventKey = null, string? dedupId = null) => new()
    {
        DedupId = dedupId ?? NewMessageId(),
        Kind = kind,
        CreatedAt = DateTimeOffset.UnixEpoch,
        Text = text,
        EventKey = eventKey,
    };

    public static string NewMessageId() => $"msg:{Interlocked.Increment(ref _next)}";
}
