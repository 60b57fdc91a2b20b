using CustomerService.IngressApi.Tests.Hosting;
using CustomerService.Simulator.Llm;

namespace CustomerService.IngressApi.Tests.Llm;

/// <summary>
/// The ingress with its real silo and the real OpenAI-compatible client, pointed at the simulator's fake model on
/// loopback (the only fake: the provider itself). The fake requires a bearer key, so a wrong key is visible.
/// </summary>
public sealed class FakeModelFixture : IAsyncLifetime
{
    public const string ApiKey = "sk-test-not-a-real-key";

    public FakeOpenAiServer Model { get; private set; } = null!;

    public IngressApiFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Model = await FakeOpenAiServer.StartAsync(apiKey: ApiKey);
        Factory = new IngressApiFactory(settings: new Dictionary<string, string>
        {
            ["Llm:Provider"] = "OpenAI",
            ["Llm:BaseUrl"] = Model.BaseUrl.ToString(),
            ["Llm:ApiKey"] = ApiKey,
            ["Llm:Model"] = "simulated-model",
            ["Llm:TimeoutSeconds"] = "10",
        });
        Client = Factory.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Factory is not null)
        {
            await Factory.DisposeAsync();
        }

        if (Model is not null)
        {
            await Model.DisposeAsync();
        }
    }
}
