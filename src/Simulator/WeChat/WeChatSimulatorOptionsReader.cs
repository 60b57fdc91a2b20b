using CustomerService.Channels.WeChat;
using CustomerService.Simulator.CommandLine;

namespace CustomerService.Simulator.WeChat;

/// <summary>Turns the common command-line options into <see cref="WeChatSimulatorSettings"/>.</summary>
public static class WeChatSimulatorOptionsReader
{
    public const string Help = """
          --url URL         server base URL (default http://127.0.0.1:5080)
          --app-id ID       Official Account AppId (default: the demo account wxdemo0000000000)
          --original-id ID  the account's gh_ id, ToUserName of each push (default gh_demo00000000)
          --token TOKEN     the account's Token (default: the demo token)
          --aes-key KEY     the account's EncodingAESKey, 43 chars (default: the demo key)
          --mode MODE       safe | compat | plain (default safe)
          --timeout-ms N    how long WeChat waits per attempt (default 5000)
        """;

    public static WeChatSimulatorSettings Read(ArgReader args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var defaults = new WeChatSimulatorSettings();
        var timeoutMs = args.Number("timeout-ms", 5000);
        if (timeoutMs <= 0)
        {
            throw new ArgumentException("--timeout-ms must be positive.");
        }

        return defaults with
        {
            ServerUrl = args.Value("url") is { } url
                ? Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : throw new ArgumentException($"--url must be an absolute URL, not '{url}'.")
                : defaults.ServerUrl,
            AppId = args.Value("app-id") ?? defaults.AppId,
            OriginalId = args.Value("original-id") ?? defaults.OriginalId,
            Token = args.Value("token") ?? defaults.Token,
            EncodingAesKey = args.Value("aes-key") ?? defaults.EncodingAesKey,
            Mode = args.Value("mode") switch
            {
                null or "safe" => WeChatEncryptionMode.Safe,
                "compat" or "compatible" => WeChatEncryptionMode.Compatible,
                "plain" or "plaintext" => WeChatEncryptionMode.Plaintext,
                var other => throw new ArgumentException($"--mode must be safe, compat or plain, not '{other}'."),
            },
            AttemptTimeout = TimeSpan.FromMilliseconds(timeoutMs),
        };
    }
}
