using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Integration.Tests.Hosting;

/// <summary>Inbound text pushes with the message ids a test gives them.</summary>
public static class Pushes
{
    public static InboundMessage Text(string text, string dedupId) => new()
    {
        DedupId = dedupId,
        Kind = InboundKind.Text,
        CreatedAt = ConversationCluster.ClockStart,
        Text = text,
    };
}
