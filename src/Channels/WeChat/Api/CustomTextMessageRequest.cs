using System.Text.Json.Serialization;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// The body of <c>POST /cgi-bin/message/custom/send</c> for a text message
/// (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html).
/// </summary>
internal sealed class CustomTextMessageRequest
{
    [JsonPropertyName("touser")]
    public required string ToUser { get; init; }

    [JsonPropertyName("msgtype")]
    public string MessageType { get; init; } = "text";

    [JsonPropertyName("text")]
    public required CustomTextContent Text { get; init; }
}
