using CustomerService.Channels.WeChat;
using CustomerService.Simulator.CommandLine;

namespace CustomerService.Simulator.WeChat.Api;

/// <summary>
/// <c>wechat api serve</c>: runs the fake WeChat API standalone until Ctrl+C and prints every pushed message as it
/// arrives.
/// </summary>
public static class WeChatApiServeCommand
{
    /// <summary>The default port (<c>llm serve</c> has 5090).</summary>
    public const int DefaultPort = 5091;

    /// <summary>The demo account's AppSecret: obviously fake, allowed only in Development.</summary>
    public const string DemoAppSecret = WeChatDemoAccount.AppSecret;

    public static async Task<int> RunAsync(ArgReader args, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        var port = args.Number("port", DefaultPort);
        var appId = args.Value("app-id") ?? WeChatDemoAccount.AppId;
        var appSecret = args.Value("app-secret") ?? DemoAppSecret;
        var noQuota = args.Flag("no-quota");
        args.RejectUnknown();

        await using var server = await FakeWeChatApiServer.StartAsync(new FakeWeChatApiOptions { Port = port, EnforceQuota = !noQuota }, cancellationToken);
        server.RegisterAccount(appId, appSecret);
        server.MessageSent += (_, m) => Console.WriteLine($"→ {m.OpenId}: {m.Text}");
        server.TypingReceived += (_, t) => Console.WriteLine(t.ErrorCode == 0 ? $"… {t.OpenId}: {t.Command}" : $"… {t.OpenId}: {t.Command} refused ({t.ErrorCode})");

        Console.WriteLine($"Fake WeChat API at {server.BaseAddress} for {appId}. Ctrl+C stops it.");
        Console.WriteLine($"Server settings: --Channels:WeChat:ApiBaseUrl {server.BaseAddress}");
        Console.WriteLine(noQuota
            ? "Quota off: every send to any openid is accepted."
            : $"Quota on: a user must write first (POST {server.BaseAddress}_simulator/user-message {{\"appid\",\"openid\"}}), or run with --no-quota.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
