using System.Text;
using CustomerService.Channels.WeChat;
using CustomerService.Simulator.WeChat;

namespace CustomerService.IngressApi.Tests.WeChat;

/// <summary>Builds callback requests for <see cref="TestAccount"/> the way WeChat sends them.</summary>
public static class WeChatRequests
{
    public const string UserOpenId = "oTestUser000000000000000000";

    public static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static WeChatCallbackSigner Signer { get; } = new(TestAccount.Secrets, TimeProvider.System);

    public static WeChatReplyDecoder Decoder { get; } = new(TestAccount.Secrets);

    public static string TextPush(string content, string fromUser = UserOpenId) =>
        WeChatPushBuilder.Text(TestAccount.OriginalId, fromUser, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), content, WeChatUserSimulator.NewMessageId());

    public static WeChatSignedCallback Sign(string pushXml, WeChatEncryptionMode mode, string? openId = null) =>
        Signer.Sign(pushXml, mode, openId);

    public static HttpRequestMessage Post(string queryString, string body, string path = "") =>
        Post(queryString, new StringContent(body, Utf8NoBom, "text/xml"), path);

    public static HttpRequestMessage Post(string queryString, HttpContent content, string path = "") =>
        new(HttpMethod.Post, (path.Length == 0 ? TestAccount.CallbackPath : path) + "?" + queryString) { Content = content };

    public static HttpRequestMessage Post(WeChatSignedCallback callback, string path = "") => Post(callback.QueryString, callback.Body, path);

    /// <summary>Returns <paramref name="queryString"/> with <paramref name="key"/> set to <paramref name="value"/>, or removed when it is null.</summary>
    public static string WithParameter(string queryString, string key, string? value)
    {
        var pairs = queryString.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith(key + "=", StringComparison.Ordinal))
            .ToList();
        if (value is not null)
        {
            pairs.Add(key + "=" + Uri.EscapeDataString(value));
        }

        return string.Join('&', pairs);
    }

    /// <summary>A well-formed signature that is not the right one.</summary>
    public const string ForgedSignature = "0123456789abcdef0123456789abcdef01234567";
}
