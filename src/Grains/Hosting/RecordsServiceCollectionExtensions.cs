using CustomerService.Grains.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Hosting;

/// <summary>Registers the conversation records: the silo's queue and metrics, and its one writer.</summary>
public static class RecordsServiceCollectionExtensions
{
    /// <summary>The queue the conversation grains hand their rows to, its options and its metrics.</summary>
    public static IServiceCollection AddConversationRecords(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ConversationRecordChannel)))
        {
            return services;
        }

        services.AddOptions<RecordOptions>()
            .BindConfiguration(RecordOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RecordOptions>, RecordOptionsValidator>();
        services.AddSingleton<ConversationRecordChannel>();
        services.AddSingleton<RecordMetrics>();
        return services;
    }

    /// <summary>
    /// The silo's one records writer, on the <see cref="IConversationRecordStore"/> registered by the caller. Register
    /// it before the silo, so that it stops after the silo (hosted services stop in reverse order).
    /// </summary>
    public static IServiceCollection AddConversationRecordWriter(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddConversationRecords();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConversationRecordWriter>());
        return services;
    }
}
