using CustomerService.Grains.Conversations;
using CustomerService.Grains.Delivery;
using CustomerService.Grains.Knowledge;
using CustomerService.Grains.Llm;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Hosting;

/// <summary>Registers what the grains need: their options, clock, metrics, knowledge base and model limiter.</summary>
public static class GrainsServiceCollectionExtensions
{
    public static IServiceCollection AddConversationGrainServices(this IServiceCollection services)
    {
        services.AddOptions<ConversationOptions>()
            .BindConfiguration(ConversationOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConversationOptions>, ConversationOptionsValidator>();

        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();

        services.AddOptions<KnowledgeOptions>()
            .BindConfiguration(KnowledgeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<KnowledgeOptions>, KnowledgeOptionsValidator>();
        services.TryAddSingleton<IKnowledgeBase, FaqKnowledgeBase>();

        // Our grains' own clock; tests replace it. Never replace the silo's TimeProvider (Orleans runs on it).
        services.TryAddSingleton(new ConversationClock(TimeProvider.System));
        services.AddMetrics();
        services.TryAddSingleton<ConversationMetrics>();
        services.TryAddSingleton<LlmMetrics>();
        services.TryAddSingleton<LlmConcurrencyLimiter>();
        services.TryAddSingleton<AccountDeliveryDirectory>();
        services.AddConversationRecords();
        return services;
    }
}
