using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Conversations;

/// <summary>Per-account knowledge settings, read from the channel's account configuration.</summary>
public interface IAccountKnowledgeSettings
{
    /// <summary>The account's own FAQ file, or null to use <c>Knowledge:FaqFile</c>.</summary>
    string? FaqFileFor(ConversationKey key);
}
