using CustomerService.Channels.WeChat;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>
/// A WeChat account without usable secrets stops the ingress at start (verification is never switched off), with a
/// message that names the setting and never its value.
/// </summary>
public sealed class StartupValidationTests
{
    private const string Account = "Channels:WeChat:Accounts:0";

    [Fact]
    public async Task Start_AccountWithoutToken_FailsNamingTheTokenSetting()
    {
        var error = await StartAsync(new() { [$"{Account}:Token"] = "" });

        Assert.Equal([$"{Account}:Token is required."], error.Failures);
    }

    [Fact]
    public async Task Start_EncodingAesKeyOfTheWrongLength_FailsNamingTheKeySetting()
    {
        var error = await StartAsync(new() { [$"{Account}:EncodingAesKey"] = "TooShortKey0123456789" });

        Assert.Equal([$"{Account}:EncodingAesKey must be exactly 43 letters or digits."], error.Failures);
    }

    [Fact]
    public async Task Start_MalformedToken_MessageNeverContainsTheToken()
    {
        const string token = "Sekr1t-Token-Not-For-Logs";

        var error = await StartAsync(new() { [$"{Account}:Token"] = token });

        Assert.Contains($"{Account}:Token must be 3 to 32 letters or digits.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MalformedEncodingAesKey_MessageNeverContainsTheKey()
    {
        const string key = "Sekr1tAesKeySekr1tAesKeySekr1tAesKey-Not-For-Logs";

        var error = await StartAsync(new() { [$"{Account}:EncodingAesKey"] = key });

        Assert.Contains($"{Account}:EncodingAesKey must be exactly 43 letters or digits.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DemoAccountInProduction_FailsNamingTheAccount()
    {
        var error = await StartAsync(DemoAccountIn("Production"));

        Assert.Equal([$"{Account} uses the demo account's values, which are public; they are allowed only in Development."], error.Failures);
        Assert.DoesNotContain(WeChatDemoAccount.Token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(WeChatDemoAccount.EncodingAesKey, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PushModeWithoutAppSecret_FailsNamingTheAppSecretSetting()
    {
        var error = await StartAsync(new() { [$"{Account}:ReplyMode"] = "Push" });

        Assert.Equal([$"{Account}:AppSecret is required when {Account}:ReplyMode is Push (custom/send needs an access token)."], error.Failures);
    }

    [Fact]
    public async Task Start_DemoAccountInDevelopment_Starts()
    {
        await using var factory = new IngressApiFactory(settings: DemoAccountIn("Development"));

        using var client = factory.CreateClient();
        using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private static Dictionary<string, string> DemoAccountIn(string environment) => new()
    {
        // Applied after the factory's own UseEnvironment, so it replaces "Test".
        ["environment"] = environment,
        [$"{Account}:AppId"] = WeChatDemoAccount.AppId,
        [$"{Account}:Token"] = WeChatDemoAccount.Token,
        [$"{Account}:EncodingAesKey"] = WeChatDemoAccount.EncodingAesKey,
    };

    private static async Task<OptionsValidationException> StartAsync(Dictionary<string, string> settings)
    {
        await using var factory = new IngressApiFactory(settings: settings);
        var error = Record.Exception(() => factory.CreateClient());
        return Assert.IsType<OptionsValidationException>(error);
    }
}
