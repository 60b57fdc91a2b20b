using System.Text.Json.Serialization;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>The <c>{"errcode":N,"errmsg":"…"}</c> answer of the send APIs (errcode absent or 0 = OK).</summary>
internal sealed class ApiErrorResponse
{
    [JsonPropertyName("errcode")]
    public int? ErrorCode { get; init; }

    [JsonPropertyName("errmsg")]
    public string? ErrorMessage { get; init; }
}
