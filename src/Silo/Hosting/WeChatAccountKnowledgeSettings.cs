using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Interfaces.Conversations;
using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting;

/// <summary>Reads each account's <c>FaqFile</c> from the channel account settings.</summary>
public sealed class WeChatAccountKnowledgeSettings(IOptions<WeChatOptions> weChat) : IAccountKnowledgeSettings
{
    public string? FaqFileFor(ConversationKey key) => key.Channel switch
    {
        ChannelKind.WeChat => weChat.Value.Accounts
            .FirstOrDefault(a => string.Equals(a.AppId, key.Account, StringComparison.Ordinal))?.FaqFile,
        _ => null,
    };
}
