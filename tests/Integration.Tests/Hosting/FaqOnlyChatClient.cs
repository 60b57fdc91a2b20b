using Microsoft.Extensions.AI;

namespace CustomerService.Integration.Tests.Hosting;

/// <summary>
/// The model of clusters whose tests ask FAQ questions only: a call means a question missed the FAQ, and its
/// fallback reply would fail the test's expected answer.
/// </summary>
public sealed class FaqOnlyChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("These tests ask FAQ questions only; the model must not be called.");

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("These tests ask FAQ questions only; the model must not be called.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
