using System.Text.Json.Serialization;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>The <c>text</c> member of a custom text message.</summary>
internal sealed class CustomTextContent
{
    [JsonPropertyName("content")]
    public required string Content { get; init; }
}
