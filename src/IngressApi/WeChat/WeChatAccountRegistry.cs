using System.Collections.Frozen;
using CustomerService.Channels.WeChat;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.WeChat;

/// <summary>The configured Official Accounts, each with its verifier and reply encoder, looked up by AppId.</summary>
public sealed class WeChatAccountRegistry
{
    private readonly FrozenDictionary<string, WeChatAccountEndpoint> _accounts;

    public WeChatAccountRegistry(IOptions<WeChatOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var window = TimeSpan.FromSeconds(settings.ReplayWindowSeconds);
        _accounts = settings.Accounts.ToFrozenDictionary(
            a => a.AppId!,
            a =>
            {
                var secrets = new WeChatAccountSecrets { AppId = a.AppId!, Token = a.Token!, EncodingAesKey = a.EncodingAesKey! };
                return new WeChatAccountEndpoint(a.AppId!, new WeChatCallbackVerifier(secrets, window, time, a.AcceptPlaintext), new WeChatReplyEncoder(secrets, time));
            },
            StringComparer.Ordinal);
    }

    public WeChatAccountEndpoint? Find(string appId) => _accounts.GetValueOrDefault(appId);
}
