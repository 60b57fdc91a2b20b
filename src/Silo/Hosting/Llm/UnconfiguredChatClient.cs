using Microsoft.Extensions.AI;

namespace CustomerService.Silo.Hosting.Llm;

/// <summary>
/// Stands in for a model when <c>Llm:Provider</c> is None. Conversation grains never call the worker then; a call
/// that still arrives is a programming error and fails loudly.
/// </summary>
internal sealed class UnconfiguredChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("No model is configured (Llm:Provider is None).");

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("No model is configured (Llm:Provider is None).");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
