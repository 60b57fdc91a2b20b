using CustomerService.Channels.WeChat;
using CustomerService.Grains.Knowledge;
using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting;

/// <summary>
/// Loads every FAQ file before the silo starts, so that a missing or broken file stops the host with a clear
/// message instead of failing a user's first question.
/// </summary>
public sealed class KnowledgePreloadService(
    IKnowledgeBase knowledge,
    IOptions<WeChatOptions> weChat,
    ILogger<KnowledgePreloadService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var files = weChat.Value.Accounts.Select(a => a.FaqFile).Where(f => !string.IsNullOrWhiteSpace(f)).Distinct(StringComparer.Ordinal).Prepend(null);
        foreach (var file in files)
        {
            var count = knowledge.Preload(file);
            logger.LogInformation("FAQ {File} loaded with {Count} entries", file ?? "(default)", count);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
