using System.Text.Json.Serialization;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>The <c>command</c> of <c>custom/typing</c>.</summary>
public enum WeChatTypingCommand
{
    /// <summary>Show "typing…" to the user (lasts 15 s at most).</summary>
    [JsonStringEnumMemberName("Typing")]
    Typing,

    /// <summary>Hide it again.</summary>
    [JsonStringEnumMemberName("CancelTyping")]
    CancelTyping,
}
