using CustomerService.Channels.WeChat;
using CustomerService.Channels.WeChat.Api;
using CustomerService.Grains.Delivery.WeChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Hosting;

/// <summary>Registers the WeChat active-API client and what the access-token authority needs.</summary>
public static class WeChatApiServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IWeChatApiClient"/> as a typed <see cref="HttpClient"/> on <c>Channels:WeChat:ApiBaseUrl</c>
    /// with <c>Channels:WeChat:SendTimeoutMs</c> as its timeout, the token authority's limits
    /// (<c>Channels:WeChat:Token</c>) and <see cref="WeChatSendInvoker"/>. <see cref="WeChatOptions"/> itself is bound by
    /// the host (binding its account list twice would append it twice); this validates the settings it reads.
    /// </summary>
    public static IServiceCollection AddWeChatApiClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<WeChatOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatOptions>, WeChatApiOptionsValidator>());

        services.AddOptions<WeChatTokenOptions>()
            .BindConfiguration(WeChatTokenOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WeChatTokenOptions>, WeChatTokenOptionsValidator>());

        services.AddHttpClient<IWeChatApiClient, WeChatApiClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<WeChatOptions>>().Value;
            http.BaseAddress = options.ApiBaseUrl;

            // Never HttpClient's 100 s default: a stuck call must not hold a delivery (or the token grain's turn).
            http.Timeout = TimeSpan.FromMilliseconds(options.SendTimeoutMs);
        });
        services.TryAddTransient<WeChatSendInvoker>();
        return services;
    }
}
