using CustomerService.IngressApi.Tests.Hosting;
using CustomerService.Silo.Hosting.Dashboard;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Tests.Dashboard;

/// <summary>Dashboard settings that could not protect it stop the host at start, naming the setting, never the value.</summary>
public sealed class DashboardOptionsValidationTests
{
    [Fact]
    public async Task Start_PasswordShorterThan16_FailsNamingThePasswordSetting()
    {
        const string password = "Short-Secret-15";

        var error = await StartAsync(new() { ["Dashboard:Password"] = password });

        Assert.Equal(["DataAnnotation validation failed for 'DashboardHostingOptions' members: 'Password' with the error: 'Dashboard:Password must be at least 16 characters.'."], error.Failures);
        Assert.DoesNotContain(password, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UserNameWithAColon_FailsNamingTheUserNameSetting()
    {
        var error = await StartAsync(new() { ["Dashboard:Username"] = "ops:team", ["Dashboard:Password"] = DashboardCredentials.Password });

        Assert.Equal(["Dashboard:Username must not contain a colon (HTTP Basic separates it from the password with one)."], error.Failures);
    }

    [Fact]
    public async Task Start_DemoPasswordOutsideDevelopment_FailsNamingThePasswordSetting()
    {
        var error = await StartAsync(new() { ["Dashboard:Password"] = DashboardHostingOptionsValidator.DemoPassword });

        Assert.Equal(["Dashboard:Password is the demo password, which is public; it is allowed only in Development."], error.Failures);
    }

    [Fact]
    public async Task Start_NegativeTokenPrice_FailsNamingThePriceSetting()
    {
        var error = await StartAsync(new() { ["Llm:PricePer1kOutputTokens"] = "-0.5" });

        Assert.Equal(["DataAnnotation validation failed for 'LlmOptions' members: 'PricePer1kOutputTokens' with the error: 'Llm:PricePer1kOutputTokens must be between 0 and 1000000.'."], error.Failures);
    }

    private static async Task<OptionsValidationException> StartAsync(Dictionary<string, string> settings)
    {
        await using var factory = new IngressApiFactory(settings: settings);
        var error = Record.Exception(() => factory.CreateClient());
        return Assert.IsType<OptionsValidationException>(error);
    }
}
