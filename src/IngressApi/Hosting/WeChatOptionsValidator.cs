using System.Text.RegularExpressions;
using CustomerService.Channels.WeChat;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Hosting;

/// <summary>
/// Refuses an account without the secrets that verification needs (verification is never switched off), and the
/// demo account outside Development. Messages name the setting, never its value.
/// </summary>
public sealed partial class WeChatOptionsValidator(IHostEnvironment environment) : IValidateOptions<WeChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WeChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Accounts.Count; i++)
        {
            var account = options.Accounts[i];
            var path = $"{WeChatOptions.SectionName}:Accounts:{i}";
            if (string.IsNullOrWhiteSpace(account.AppId))
            {
                failures.Add($"{path}:AppId is required.");
            }
            else if (!seen.Add(account.AppId))
            {
                failures.Add($"{path}:AppId {account.AppId} is configured twice.");
            }

            // Console rules: Token is 3–32 letters or digits, EncodingAESKey is exactly 43 of [A-Za-z0-9]
            // (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Access_Overview.html).
            if (string.IsNullOrEmpty(account.Token))
            {
                failures.Add($"{path}:Token is required.");
            }
            else if (!TokenPattern().IsMatch(account.Token))
            {
                failures.Add($"{path}:Token must be 3 to 32 letters or digits.");
            }

            if (string.IsNullOrEmpty(account.EncodingAesKey))
            {
                failures.Add($"{path}:EncodingAesKey is required.");
            }
            else if (!AesKeyPattern().IsMatch(account.EncodingAesKey))
            {
                failures.Add($"{path}:EncodingAesKey must be exactly 43 letters or digits.");
            }

            if (!Enum.IsDefined(account.ReplyMode))
            {
                failures.Add($"{path}:ReplyMode must be Auto, Passive or Push.");
            }

            if (!environment.IsDevelopment()
                && (string.Equals(account.Token, WeChatDemoAccount.Token, StringComparison.Ordinal)
                    || string.Equals(account.EncodingAesKey, WeChatDemoAccount.EncodingAesKey, StringComparison.Ordinal)
                    || string.Equals(account.AppId, WeChatDemoAccount.AppId, StringComparison.Ordinal)
                    || string.Equals(account.AppSecret, WeChatDemoAccount.AppSecret, StringComparison.Ordinal)))
            {
                failures.Add($"{path} uses the demo account's values, which are public; they are allowed only in Development.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9]{3,32}$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("^[A-Za-z0-9]{43}$")]
    private static partial Regex AesKeyPattern();
}
