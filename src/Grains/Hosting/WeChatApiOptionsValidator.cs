using System.ComponentModel.DataAnnotations;
using CustomerService.Channels.WeChat;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Hosting;

/// <summary>
/// Validates the active-API settings of <see cref="WeChatOptions"/> (<c>ApiBaseUrl</c>, <c>SendTimeoutMs</c>) by their
/// attributes, also in a silo host that binds the section without data-annotation validation, and each account's
/// delivery settings: <c>Push</c> needs an <c>AppSecret</c>. The silo is where replies are pushed, so a standalone
/// silo refuses it as the co-hosted ingress does.
/// </summary>
public sealed class WeChatApiOptionsValidator : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Check(options, nameof(WeChatOptions.ApiBaseUrl), options.ApiBaseUrl, failures);
        Check(options, nameof(WeChatOptions.SendTimeoutMs), options.SendTimeoutMs, failures);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var path = $"{WeChatOptions.SectionName}:Accounts:{i}";
            if (options.Accounts[i] is { ReplyMode: WeChatReplyMode.Push } account && string.IsNullOrWhiteSpace(account.AppSecret))
            {
                failures.Add($"{path}:AppSecret is required when {path}:ReplyMode is Push (custom/send needs an access token).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(WeChatOptions options, string property, object? value, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateProperty(value, new ValidationContext(options) { MemberName = property }, results))
        {
            failures.AddRange(results.Select(r => $"{WeChatOptions.SectionName}:{property}: {r.ErrorMessage}"));
        }
    }
}
