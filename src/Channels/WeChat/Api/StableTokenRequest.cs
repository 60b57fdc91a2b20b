using System.Text.Json.Serialization;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// The body of <c>POST /cgi-bin/stable_token</c>
/// (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html).
/// </summary>
internal sealed class StableTokenRequest
{
    [JsonPropertyName("grant_type")]
    public string GrantType { get; init; } = "client_credential";

    [JsonPropertyName("appid")]
    public required string AppId { get; init; }

    [JsonPropertyName("secret")]
    public required string Secret { get; init; }

    [JsonPropertyName("force_refresh")]
    public bool ForceRefresh { get; init; }
}
