using CustomerService.IngressApi.Tests.Dashboard;
using CustomerService.IngressApi.Tests.Hosting;
using CustomerService.IngressApi.Tests.WeChat;
using CustomerService.Simulator.Llm;
using CustomerService.Simulator.WeChat.Api;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CustomerService.IngressApi.Tests.Telemetry;

/// <summary>
/// The ingress with every secret configured and used: the account's Token and EncodingAesKey (verification), its
/// AppSecret (the access token for push delivery on the fake WeChat API), the model's key (the fake model requires
/// it), <c>Admin:ApiKey</c> and <c>Dashboard:Password</c>; every line it logs, at every level, is captured.
/// </summary>
public sealed class LoggedPushFixture : IAsyncLifetime
{
    public const string AppSecret = "LoggedPushSecretNotReal000000000";

    public const string ModelApiKey = "sk-logged-push-not-a-real-key";

    public CapturedLogs Logs { get; } = new();

    public FakeWeChatApiServer WeChat { get; private set; } = null!;

    public FakeOpenAiServer Model { get; private set; } = null!;

    public IngressApiFactory Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        WeChat = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions(), TestContext.Current.CancellationToken);
        WeChat.RegisterAccount(TestAccount.AppId, AppSecret);
        Model = await FakeOpenAiServer.StartAsync(apiKey: ModelApiKey, cancellationToken: TestContext.Current.CancellationToken);
        var settings = new Dictionary<string, string>(DashboardCredentials.Settings, StringComparer.Ordinal)
        {
            ["Channels:WeChat:ApiBaseUrl"] = WeChat.BaseAddress.ToString(),
            ["Channels:WeChat:Accounts:0:AppSecret"] = AppSecret,
            ["Channels:WeChat:Accounts:0:ReplyMode"] = "Push",
            ["Llm:Provider"] = "OpenAI",
            ["Llm:BaseUrl"] = Model.BaseUrl.ToString(),
            ["Llm:ApiKey"] = ModelApiKey,
            ["Llm:Model"] = "simulated-model",
        };
        Factory = new IngressApiFactory(settings: settings, logs: Logs);
        Client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
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
