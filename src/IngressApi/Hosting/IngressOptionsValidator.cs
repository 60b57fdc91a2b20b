using CustomerService.Channels.WeChat;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Hosting;

/// <summary>The shutdown timeout must leave every push in flight its whole reply budget.</summary>
public sealed class IngressOptionsValidator(IOptions<WeChatOptions> weChat) : IValidateOptions<IngressOptions>
{
    public ValidateOptionsResult Validate(string? name, IngressOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ShutdownTimeoutSeconds * 1000L <= weChat.Value.ReplyBudgetMs
            ? ValidateOptionsResult.Fail($"Ingress:ShutdownTimeoutSeconds ({options.ShutdownTimeoutSeconds}) must exceed Channels:WeChat:ReplyBudgetMs ({weChat.Value.ReplyBudgetMs} ms), or a stopping ingress cuts answers off.")
            : ValidateOptionsResult.Success;
    }
}
