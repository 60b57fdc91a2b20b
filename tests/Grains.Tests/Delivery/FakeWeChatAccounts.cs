using CustomerService.Channels.WeChat;
using CustomerService.Simulator.WeChat.Api;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>
/// The delivery fixtures' accounts in one place: each is registered with the fake WeChat API (with the shared test
/// secret) and given to the silo's <see cref="WeChatOptions"/>, pointed at that fake, so that the two lists can never
/// disagree.
/// </summary>
internal static class FakeWeChatAccounts
{
    public static void Register(FakeWeChatApiServer weChat, params (string AppId, WeChatReplyMode Mode)[] accounts)
    {
        foreach (var (appId, _) in accounts)
        {
            weChat.RegisterAccount(appId, PushDeliveryFixture.Secret);
        }
    }

    public static void Configure(IServiceCollection services, Uri apiBaseUrl, params (string AppId, WeChatReplyMode Mode)[] accounts) =>
        services.Configure<WeChatOptions>(o =>
        {
            o.ApiBaseUrl = apiBaseUrl;
            o.Accounts = [.. accounts.Select(a => new WeChatAccountOptions { AppId = a.AppId, AppSecret = PushDeliveryFixture.Secret, ReplyMode = a.Mode })];
        });
}
