using System.Text.Json.Serialization;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// The body of <c>POST /cgi-bin/message/custom/typing</c>
/// (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html#客服输入状态).
/// </summary>
internal sealed class TypingRequest
{
    [JsonPropertyName("touser")]
    public required string ToUser { get; init; }

    [JsonPropertyName("command")]
    [JsonConverter(typeof(JsonStringEnumConverter<WeChatTypingCommand>))]
    public required WeChatTypingCommand Command { get; init; }
}
