using CustomerService.Grains.Interfaces.Conversations;

namespace CustomerService.Grains.Delivery;

/// <summary>Per-account delivery settings, read from the channel's account configuration.</summary>
public interface IAccountDeliverySettings
{
    /// <summary>The settings of the conversation's account.</summary>
    AccountDeliverySettings SettingsFor(ConversationKey key);
}
