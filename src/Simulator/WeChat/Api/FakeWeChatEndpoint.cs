namespace CustomerService.Simulator.WeChat.Api;

/// <summary>The endpoints of the fake that a <see cref="FakeWeChatFault"/> can target.</summary>
public enum FakeWeChatEndpoint
{
    /// <summary><c>POST /cgi-bin/message/custom/send</c>.</summary>
    Send,

    /// <summary><c>POST /cgi-bin/message/custom/typing</c>.</summary>
    Typing,

    /// <summary><c>POST /cgi-bin/stable_token</c>.</summary>
    StableToken,

    /// <summary><c>GET /cgi-bin/token</c>.</summary>
    Token,
}
