using CustomerService.Channels.WeChat;
using CustomerService.Channels.WeChat.Api;
using CustomerService.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Tests.Delivery.WeChat;

public sealed class WeChatApiServiceCollectionExtensionsTests
{
    [Fact]
    public void AddWeChatApiClient_Configured_SetsBaseAddressAndTimeoutOfTheTypedClient()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Channels:WeChat:ApiBaseUrl"] = "http://127.0.0.1:5091/",
            ["Channels:WeChat:SendTimeoutMs"] = "2500",
        });

        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IWeChatApiClient));

        Assert.Equal(new Uri("http://127.0.0.1:5091/"), http.BaseAddress);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), http.Timeout);
        Assert.IsType<WeChatApiClient>(provider.GetRequiredService<IWeChatApiClient>());
    }

    [Fact]
    public void AddWeChatApiClient_Unconfigured_UsesTheProductionApiAndFiveSeconds()
    {
        using var provider = Build([]);

        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IWeChatApiClient));

        Assert.Equal(new Uri("https://api.weixin.qq.com/"), http.BaseAddress);
        Assert.Equal(TimeSpan.FromSeconds(5), http.Timeout);
    }

    [Theory]
    [InlineData("Channels:WeChat:ApiBaseUrl", "api.weixin.qq.com", "ApiBaseUrl")]
    [InlineData("Channels:WeChat:ApiBaseUrl", "ftp://example.com/", "ApiBaseUrl")]
    [InlineData("Channels:WeChat:SendTimeoutMs", "100", "SendTimeoutMs")]
    public void AddWeChatApiClient_InvalidSetting_FailsValidationNamingIt(string key, string value, string named)
    {
        using var provider = Build(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WeChatOptions>>().Value);

        Assert.Contains($"Channels:WeChat:{named}", failure.Message, StringComparison.Ordinal);
    }

    // The standalone silo composes the same validation (AddWeChatDelivery): it refuses a Push account it cannot push for.
    [Fact]
    public void AddWeChatApiClient_PushAccountWithoutAppSecret_FailsValidationNamingTheSetting()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Channels:WeChat:Accounts:0:AppId"] = "wxsilopush000001",
            ["Channels:WeChat:Accounts:0:ReplyMode"] = "Push",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WeChatOptions>>().Value);

        Assert.Equal(
            ["Channels:WeChat:Accounts:0:AppSecret is required when Channels:WeChat:Accounts:0:ReplyMode is Push (custom/send needs an access token)."],
            failure.Failures);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.SectionName);
        services.AddWeChatApiClient();
        return services.BuildServiceProvider();
    }
}
