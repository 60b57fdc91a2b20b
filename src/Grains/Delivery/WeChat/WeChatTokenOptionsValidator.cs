using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>Keeps the force-refresh limits inside the platform's own (one per 30 s, 20 a day).</summary>
public sealed class WeChatTokenOptionsValidator : IValidateOptions<WeChatTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var path = WeChatTokenOptions.SectionName;
        if (options.ForceRefreshMinIntervalSeconds is < WeChatTokenOptions.PlatformMinIntervalSeconds or > 86_400)
        {
            failures.Add($"{path}:ForceRefreshMinIntervalSeconds must be 30 to 86400: WeChat does not refresh on force refreshes less than 30 s apart.");
        }

        if (options.ForceRefreshDailyCap is < 1 or > WeChatTokenOptions.PlatformDailyCap)
        {
            failures.Add($"{path}:ForceRefreshDailyCap must be 1 to 20: WeChat allows 20 force refreshes a day.");
        }

        if (options.ConfigurationErrorRetrySeconds is < 1 or > 3600)
        {
            failures.Add($"{path}:ConfigurationErrorRetrySeconds must be 1 to 3600.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
