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

        // Metrics (/metrics) and traces of this process in either cluster mode; the co-hosted silo adds its own share.
        builder.AddCustomerServiceTelemetry();

        // The embedded default: this process hosts the silo (the one call into the Silo project).
        builder.AddCustomerServiceSilo();
        return builder;
    }
}
