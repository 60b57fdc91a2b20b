using CustomerService.Channels.WeChat;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Hosting;
using CustomerService.Silo.Hosting.Clustering;
using CustomerService.Silo.Hosting.Dashboard;
using CustomerService.Silo.Hosting.Health;
using CustomerService.Silo.Hosting.Llm;
using CustomerService.Silo.Hosting.Records;
using CustomerService.Silo.Hosting.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CustomerService.Silo.Hosting;

/// <summary>
/// The one way to build a silo, used by the standalone silo host and by the ingress's co-hosted default.
/// </summary>
public static class SiloHostingExtensions
{
    public static IHostApplicationBuilder AddCustomerServiceSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddClusterHostingOptions(ClusterHostRole.Silo);
        // From the validated options, so that an out-of-range Cluster:MinimumReminderPeriodSeconds fails the start
        // instead of reaching Orleans. The recovery delay of a grain's reminder-driven work after a crash is bounded
        // by its reminder's period (see ClusterHostingOptions.MinimumReminderPeriodSeconds).
        services.AddOptions<ReminderOptions>()
            .Configure<IOptions<ClusterHostingOptions>>((reminders, clusterOptions) =>
                reminders.MinimumReminderPeriod = TimeSpan.FromSeconds(clusterOptions.Value.MinimumReminderPeriodSeconds));
        services.AddOptions<StorageHostingOptions>()
            .BindConfiguration(StorageHostingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The silo reads account settings (each account's FAQ file); the ingress validates their secrets. Bind
        // them only once: a co-hosted ingress has bound them already, and binding a list twice appends it twice.
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<WeChatOptions>)))
        {
            services.AddOptions<WeChatOptions>().BindConfiguration(WeChatOptions.SectionName);
        }

        services.TryAddSingleton<IAccountKnowledgeSettings, WeChatAccountKnowledgeSettings>();
        services.TryAddSingleton<IAccountDeliverySettings, WeChatAccountDeliverySettings>();

        services.AddConversationGrainServices();
        services.AddWeChatDelivery();
        services.AddLlmChatClient();

        // Read here, at composition time, because the silo's endpoints and storage must be fixed before it starts.
        var cluster = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>() ?? new();
        var storage = builder.Configuration.GetSection(StorageHostingOptions.SectionName).Get<StorageHostingOptions>() ?? new();
        // Sqlite: the file's connection string, built here; PostgreSql: ConnectionStrings:postgres (the data-only role).
        var connectionString = storage.Provider == StorageProvider.PostgreSql
            ? PostgresConnectionString(builder.Configuration)
            : SqliteSchemaInitializer.BuildConnectionString(Path.GetFullPath(storage.DataDirectory));
        builder.AddCustomerServiceTelemetry();

        // Hosted services start in registration order, and the silo is one of them: the schema and the FAQ files
        // are ready before the ADO.NET providers (grain storage, reminders) read their queries at silo start.
        // On PostgreSQL the silo never migrates: PostgresSchemaGate holds its start until `migrate` has run.
        if (storage.Provider == StorageProvider.Sqlite)
        {
            services.AddHostedService(sp => new SqliteSchemaHostedService(connectionString, sp.GetRequiredService<ILogger<SqliteSchemaHostedService>>()));
        }

        services.AddHostedService<KnowledgePreloadService>();

        // Conversation records: PostgreSQL's messages table, or on the embedded default a SQLite file of their own
        // beside the grain-state file, so that the records writer never contends for its write lock.
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            services.AddPostgresConversationRecords();
        }
        else
        {
            services.AddSqliteConversationRecords(
                SqliteSchemaInitializer.BuildConnectionString(Path.GetFullPath(storage.DataDirectory), SqliteSchemaInitializer.RecordsFileName),
                connectionString);
        }

        // PostgreSQL and Redis health for alerts (cs.dependency.up), never for readiness.
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            services.AddDependencyProbe(sp => new PostgresDependencyProbe(sp.GetRequiredService<NpgsqlDataSource>()));
        }

        if (cluster.Provider == ClusterProvider.Redis)
        {
            var redis = RedisClustering.ConnectionString(builder.Configuration);
            services.AddDependencyProbe(_ => new RedisDependencyProbe(redis));
        }

        services.AddSingleton<SiloReadiness>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
        services.AddHealthChecks().AddCheck<SiloReadiness>("silo", tags: [SiloReadiness.ReadyTag]);

        builder.UseOrleans(silo =>
        {
            silo.UseCustomerServiceClustering(cluster, builder.Configuration);
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                silo.UsePostgresStorage(StorageNames.GrainState, connectionString, storage.PostgresMaxPoolSize);
            }
            else
            {
                silo.AddSqliteGrainStorage(StorageNames.GrainState, connectionString);
                silo.UseSqliteReminderService(connectionString);
            }

            silo.AddCustomerServiceTracing();
            silo.AddCustomerServiceDashboard();
        });

        return builder;
    }

    private static string PostgresConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(PostgresStorage.ConnectionStringName) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"Storage:Provider={StorageProvider.PostgreSql} needs ConnectionStrings:{PostgresStorage.ConnectionStringName}.");
}
