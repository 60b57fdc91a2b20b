using System.Text.Json.Serialization;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// The answer of <c>POST /cgi-bin/stable_token</c>: <c>access_token</c> and <c>expires_in</c>, or
/// <c>errcode</c>/<c>errmsg</c> (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html).
/// </summary>
internal sealed class StableTokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    [JsonPropertyName("expires_in")]
    public int? ExpiresIn { get; init; }

    [JsonPropertyName("errcode")]
    public int? ErrorCode { get; init; }

    [JsonPropertyName("errmsg")]
    public string? ErrorMessage { get; init; }
}
