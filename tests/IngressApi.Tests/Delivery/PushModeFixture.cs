using CustomerService.IngressApi.Tests.Hosting;
using CustomerService.IngressApi.Tests.WeChat;
using CustomerService.Simulator.Llm;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.IngressApi.Tests.Delivery;

/// <summary>
/// The ingress with its real silo, the test account in Push mode, the real WeChat transport pointed at the
/// simulator's fake WeChat API, and the fake model: everything over loopback HTTP.
/// </summary>
public sealed class PushModeFixture : IAsyncLifetime
{
    public const string AppSecret = "IngressPushSecretNotReal00000000";

    public FakeWeChatApiServer WeChat { get; private set; } = null!;

    public FakeOpenAiServer Model { get; private set; } = null!;

    public IngressApiFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        WeChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
        WeChat.RegisterAccount(TestAccount.AppId, AppSecret);
        Model = await FakeOpenAiServer.StartAsync(delay: TimeSpan.FromSeconds(1));
        Factory = new IngressApiFactory(settings: new Dictionary<string, string>
        {
            ["Channels:WeChat:ApiBaseUrl"] = WeChat.BaseAddress.ToString(),
            ["Channels:WeChat:Accounts:0:AppSecret"] = AppSecret,
            ["Channels:WeChat:Accounts:0:ReplyMode"] = "Push",
            ["Llm:Provider"] = "OpenAI",
            ["Llm:BaseUrl"] = Model.BaseUrl.ToString(),
            ["Llm:Model"] = "simulated-model",
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

        if (WeChat is not null)
        {
            await WeChat.DisposeAsync();
        }
    }
}
