using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Conversations;

/// <summary>Registers <see cref="GrainCallPolicy"/> from the validated <c>Cluster</c> call settings.</summary>
public static class GrainCallServiceCollectionExtensions
{
    public static IServiceCollection AddGrainCallPolicy(this IServiceCollection services)
    {
        services.AddOptions<GrainCallOptions>()
            .BindConfiguration(GrainCallOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => GrainCallBudget.From(sp.GetRequiredService<IOptions<GrainCallOptions>>().Value));
        services.AddSingleton<GrainCallPolicy>();
        return services;
    }
}
