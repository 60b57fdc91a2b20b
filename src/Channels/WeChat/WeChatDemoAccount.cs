namespace CustomerService.Channels.WeChat;

/// <summary>
/// The demo Official Account of the Development configuration and the simulator's defaults. Obviously fake, and
/// refused at start outside Development.
/// </summary>
public static class WeChatDemoAccount
{
    /// <summary>The demo AppId.</summary>
    public const string AppId = "wxdemo0000000000";

    /// <summary>The demo account's original id (gh_…).</summary>
    public const string OriginalId = "gh_demo00000000";

    /// <summary>The demo Token.</summary>
    public const string Token = "DemoTokenNotSecret";

    /// <summary>The demo EncodingAESKey (43 characters).</summary>
    public const string EncodingAesKey = "DemoKeyDemoKeyDemoKeyDemoKeyDemoKeyNotReal0";

    /// <summary>The demo AppSecret, accepted by the simulator's fake WeChat API only.</summary>
    public const string AppSecret = "DemoAppSecretNotReal000000000000";
}
