using System.ClientModel;
using CustomerService.Grains.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenAI;

namespace CustomerService.Silo.Hosting.Llm;

/// <summary>Registers the <see cref="IChatClient"/> that the model workers use.</summary>
public static class LlmServiceCollectionExtensions
{
    public static IServiceCollection AddLlmChatClient(this IServiceCollection services)
    {
        services.TryAddSingleton<IChatClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            if (options.Provider == LlmProvider.None)
            {
                return new UnconfiguredChatClient();
            }

            // Any OpenAI-compatible chat-completions endpoint. A local Ollama takes any key; the SDK insists on one.
            var client = new OpenAIClient(
                new ApiKeyCredential(string.IsNullOrEmpty(options.ApiKey) ? "unused" : options.ApiKey),
                new OpenAIClientOptions
                {
                    Endpoint = options.BaseUrl,
                    NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
                });
            return client.GetChatClient(options.Model!).AsIChatClient();
        });
        return services;
    }
}
