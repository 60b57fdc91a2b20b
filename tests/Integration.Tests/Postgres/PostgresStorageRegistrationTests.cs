using CustomerService.Grains.Hosting;
using CustomerService.Silo.Hosting;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace CustomerService.Integration.Tests.Postgres;

/// <summary>
/// How <c>AddCustomerServiceSilo</c> composes PostgreSQL storage: built, never started, so these need no server (the
/// connection string points at a closed port and is never opened).
/// </summary>
[Trait("Category", "Integration")]
[Trait("Provider", "PostgreSql")]
public sealed class PostgresStorageRegistrationTests
{
    private const string ConnectionString = "Host=127.0.0.1;Port=9;Database=customerservice;Username=cs_app;Password=registration-test-secret";

    [Fact]
    public void AddCustomerServiceSilo_PostgreSql_SharesOneDataSourceBetweenGrainStorageAndReminders()
    {
        using var host = BuildSilo();

        var dataSource = host.Services.GetRequiredService<NpgsqlDataSource>();
        var storage = host.Services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.GrainState);
        var reminders = host.Services.GetRequiredService<IOptions<AdoNetReminderTableOptions>>().Value;

        Assert.Same(dataSource, storage.DataSource);
        Assert.Same(dataSource, reminders.DataSource);
        Assert.Equal((PostgresStorage.Invariant, PostgresStorage.Invariant), (storage.Invariant, reminders.Invariant));
        Assert.Equal((null, null), (storage.ConnectionString, reminders.ConnectionString));
    }

    [Fact]
    public void AddCustomerServiceSilo_NoPoolSetting_CapsThePoolAtTwenty()
    {
        using var host = BuildSilo();

        Assert.Equal(20, new NpgsqlConnectionStringBuilder(host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize);
    }

    [Fact]
    public void AddCustomerServiceSilo_PoolSettingAndAPoolInTheConnectionString_TheSettingWins()
    {
        using var host = BuildSilo(new() { ["Storage:PostgresMaxPoolSize"] = "7" }, ConnectionString + ";Maximum Pool Size=50");

        Assert.Equal(7, new NpgsqlConnectionStringBuilder(host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public void AddCustomerServiceSilo_PoolSettingOutOfRange_FailsValidation(string poolSize)
    {
        using var host = BuildSilo(new() { ["Storage:PostgresMaxPoolSize"] = poolSize });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<StorageHostingOptions>>().Value);

        Assert.Contains(nameof(StorageHostingOptions.PostgresMaxPoolSize), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddCustomerServiceSilo_PostgreSql_PassesClusterValidation()
    {
        using var host = BuildSilo();

        var cluster = host.Services.GetRequiredService<IOptions<ClusterHostingOptions>>().Value;

        Assert.Equal(ClusterProvider.Localhost, cluster.Provider);
    }

    [Fact]
    public void AddCustomerServiceSilo_PostgreSqlWithoutConnectionString_FailsNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Provider"] = "PostgreSql" });

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddCustomerServiceSilo());

        Assert.Equal("Storage:Provider=PostgreSql needs ConnectionStrings:postgres.", error.Message);
    }

    [Fact]
    public void AddCustomerServiceSilo_PostgreSql_RegistersTheSchemaCheckOnReadiness()
    {
        using var host = BuildSilo();

        var registrations = host.Services.GetRequiredService<IOptions<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckServiceOptions>>().Value.Registrations;

        Assert.Contains(registrations, r => r.Name == PostgresSchemaGate.HealthCheckName && r.Tags.Contains(SiloReadiness.ReadyTag));
        Assert.Contains(registrations, r => r.Name == "silo" && r.Tags.Contains(SiloReadiness.ReadyTag));
    }

    private static IHost BuildSilo(Dictionary<string, string?>? settings = null, string connectionString = ConnectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "PostgreSql",
            ["ConnectionStrings:postgres"] = connectionString,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        builder.AddCustomerServiceSilo();
        return builder.Build();
    }
}
