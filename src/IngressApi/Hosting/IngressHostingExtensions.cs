using CustomerService.Channels.WeChat;
using CustomerService.IngressApi.Admin;
using CustomerService.IngressApi.Conversations;
using CustomerService.IngressApi.Telemetry;
using CustomerService.IngressApi.WeChat;
using CustomerService.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerService.IngressApi.Hosting;

/// <summary>Composition of the ingress: channel options, account registry, handlers and the grain dispatcher.</summary>
public static class IngressHostingExtensions
{
    public static WebApplicationBuilder AddCustomerServiceIngress(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<WeChatOptions>()
            .BindConfiguration(WeChatOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<WeChatOptions>, WeChatOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WeChatAccountRegistry>();
        services.AddSingleton<WeChatPushHandler>();
        services.AddSingleton<IngressMetrics>();
        services.TryAddSingleton<IConversationDispatcher, GrainConversationDispatcher>();
        services.AddAdminAuthentication();
        services.AddSingleton<AccountStatusReader>();
        services.AddIngressLimits();
        services.AddGrainCallPolicy();

        // Metrics (/metrics) and traces of this process in either cluster mode; a co-hosted silo adds its own share.
        builder.AddCustomerServiceTelemetry();

        // Read at composition time: it decides whether this process builds a silo at all.
        var mode = builder.Configuration.GetSection(ClusterHostingOptions.SectionName).Get<ClusterHostingOptions>()?.Mode ?? ClusterMode.CoHosted;
        if (mode == ClusterMode.Client)
        {
            builder.AddCustomerServiceClusterClient();
        }
        else
        {
            // The embedded default: this process hosts the silo (the one call into the Silo project).
            builder.AddCustomerServiceSilo();
            services.AddSingleton<IClusterAvailability, CoHostedSiloAvailability>();
        }

        return builder;
    }
}
