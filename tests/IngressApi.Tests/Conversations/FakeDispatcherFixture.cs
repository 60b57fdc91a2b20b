using CustomerService.IngressApi.Tests.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// One ingress host with a <see cref="FakeConversationDispatcher"/>, shared by every class of
/// <see cref="FakeDispatcherCollectionDefinition"/> so that its silo starts once. The hold is cut to its minimum (5 s) so that
/// the hold test stays short.
/// </summary>
public sealed class FakeDispatcherFixture : IAsyncLifetime
{
    public const int HoldMaxSeconds = 5;

    public FakeDispatcherFixture()
    {
        Factory = new IngressApiFactory(
            Dispatcher,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Channels:WeChat:HoldMaxSeconds"] = HoldMaxSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
    }

    public FakeConversationDispatcher Dispatcher { get; } = new();

    public IngressApiFactory Factory { get; }

    public HttpClient Client { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        // No redirect handler: it buffers request bodies (to resend them), which would turn a chunked body into one
        // with a Content-Length before the server sees it.
        Client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await Factory.DisposeAsync();
    }
}
