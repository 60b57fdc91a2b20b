using CustomerService.Grains.Delivery;
using CustomerService.Grains.Delivery.WeChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CustomerService.Grains.Hosting;

/// <summary>Registers Official Account push delivery: the API client, the token authority's needs and the transport.</summary>
public static class WeChatDeliveryServiceCollectionExtensions
{
    public static IServiceCollection AddWeChatDelivery(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddWeChatApiClient();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<WeChatSendPipelines>();

        // Transient: it holds the typed HttpClient, which IHttpClientFactory renews; the pipelines are shared.
        services.TryAddEnumerable(ServiceDescriptor.Transient<IReplyTransport, WeChatReplyTransport>());
        return services;
    }
}
