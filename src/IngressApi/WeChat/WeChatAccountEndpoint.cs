using CustomerService.Channels.WeChat;

namespace CustomerService.IngressApi.WeChat;

/// <summary>One account's protocol objects.</summary>
public sealed record WeChatAccountEndpoint(string AppId, WeChatCallbackVerifier Verifier, WeChatReplyEncoder Encoder);
