using CustomerService.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Tests.Storage;

/// <summary><c>Cluster:MinimumReminderPeriodSeconds</c> reaches Orleans' reminder options through the silo composition.</summary>
public sealed class SiloReminderOptionsTests : IDisposable
{
    private readonly TemporarySqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public void AddCustomerServiceSilo_NoSetting_AllowsTenSecondReminders()
    {
        using var host = BuildSilo(null);

        Assert.Equal(TimeSpan.FromSeconds(10), host.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
    }

    [Fact]
    public void AddCustomerServiceSilo_MinimumReminderPeriodSecondsSet_SetsOrleansMinimumReminderPeriod()
    {
        using var host = BuildSilo("3");

        Assert.Equal(TimeSpan.FromSeconds(3), host.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.MinimumReminderPeriod);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    public void AddCustomerServiceSilo_MinimumReminderPeriodSecondsOutOfRange_FailsValidation(string seconds)
    {
        using var host = BuildSilo(seconds);

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ReminderOptions>>().Value);

        Assert.Contains(nameof(ClusterHostingOptions.MinimumReminderPeriodSeconds), error.Message, StringComparison.Ordinal);
    }

    // Built, never started: the options are resolved from the container as the silo would resolve them at start.
    private IHost BuildSilo(string? minimumReminderPeriodSeconds)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var settings = new Dictionary<string, string?> { ["Storage:DataDirectory"] = _database.DirectoryPath };
        if (minimumReminderPeriodSeconds is not null)
        {
            settings["Cluster:MinimumReminderPeriodSeconds"] = minimumReminderPeriodSeconds;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddCustomerServiceSilo();
        return builder.Build();
    }
}
