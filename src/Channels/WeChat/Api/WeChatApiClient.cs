using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// The Official Account active-API client: plain protocol over the given <see cref="HttpClient"/>, whose
/// <see cref="HttpClient.BaseAddress"/> is <c>Channels:WeChat:ApiBaseUrl</c> (<see cref="DefaultBaseAddress"/> when
/// unset) and whose timeout and resilience the caller sets up through <c>IHttpClientFactory</c>.
/// </summary>
/// <remarks>
/// WeChat answers HTTP 200 with <c>{"errcode":N,"errmsg":"…"}</c> for errors, so errors are values here, and only a
/// non-2xx status (<see cref="WeChatHttpException"/>) or a body that is not JSON (<see cref="WeChatProtocolException"/>)
/// throws. The access token travels in the query string, as the platform requires, URL-escaped. This class logs
/// nothing, so neither the token nor the secret can reach a log from here; exception messages name the path only.
/// </remarks>
public sealed class WeChatApiClient : IWeChatApiClient
{
    private const string StableTokenPath = "cgi-bin/stable_token";
    private const string CustomSendPath = "cgi-bin/message/custom/send";
    private const string TypingPath = "cgi-bin/message/custom/typing";

    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly Uri _baseAddress;

    /// <summary>Creates the client.</summary>
    /// <param name="http">The typed client; its base address is the API root.</param>
    public WeChatApiClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        _baseAddress = WithTrailingSlash(http.BaseAddress ?? DefaultBaseAddress);
    }

    /// <summary>The production API root, https://api.weixin.qq.com/.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://api.weixin.qq.com/");

    /// <inheritdoc />
    public async Task<WeChatTokenResult> GetStableTokenAsync(string appId, string appSecret, bool forceRefresh, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(appId);
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        var request = new StableTokenRequest { AppId = appId, Secret = appSecret, ForceRefresh = forceRefresh };
        var response = await PostAsync(
            new Uri(_baseAddress, StableTokenPath),
            StableTokenPath,
            request,
            WeChatApiJsonContext.Wire.StableTokenRequest,
            WeChatApiJsonContext.Wire.StableTokenResponse,
            cancellationToken);

        var error = new WeChatApiError(response.ErrorCode ?? 0, response.ErrorMessage);
        if (!error.IsOk)
        {
            return new WeChatTokenResult { Error = error };
        }

        if (string.IsNullOrEmpty(response.AccessToken) || response.ExpiresIn is not > 0)
        {
            throw new WeChatProtocolException($"WeChat API {StableTokenPath} answered success without access_token and expires_in.");
        }

        return new WeChatTokenResult { AccessToken = response.AccessToken, ExpiresInSeconds = response.ExpiresIn.Value, Error = WeChatApiError.Ok };
    }

    /// <inheritdoc />
    public Task<WeChatApiError> SendTextAsync(string accessToken, string openId, string content, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        ArgumentNullException.ThrowIfNull(content);
        var request = new CustomTextMessageRequest { ToUser = openId, Text = new CustomTextContent { Content = content } };
        return PostForErrorAsync(CustomSendPath, accessToken, request, WeChatApiJsonContext.Wire.CustomTextMessageRequest, cancellationToken);
    }

    /// <inheritdoc />
    public Task<WeChatApiError> SendTypingAsync(string accessToken, string openId, WeChatTypingCommand command, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        ArgumentException.ThrowIfNullOrEmpty(openId);
        if (!Enum.IsDefined(command))
        {
            throw new ArgumentOutOfRangeException(nameof(command), command, "Unknown typing command.");
        }

        var request = new TypingRequest { ToUser = openId, Command = command };
        return PostForErrorAsync(TypingPath, accessToken, request, WeChatApiJsonContext.Wire.TypingRequest, cancellationToken);
    }

    private async Task<WeChatApiError> PostForErrorAsync<TRequest>(
        string path, string accessToken, TRequest body, JsonTypeInfo<TRequest> requestType, CancellationToken cancellationToken)
    {
        var uri = new Uri(_baseAddress, path + "?access_token=" + Uri.EscapeDataString(accessToken));
        var response = await PostAsync(uri, path, body, requestType, WeChatApiJsonContext.Wire.ApiErrorResponse, cancellationToken);
        return new WeChatApiError(response.ErrorCode ?? 0, response.ErrorMessage);
    }

    private async Task<TResponse> PostAsync<TRequest, TResponse>(
        Uri uri,
        string path,
        TRequest body,
        JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TResponse> responseType,
        CancellationToken cancellationToken)
        where TResponse : class
    {
        // A byte body (not a streamed JsonContent) so that the request carries Content-Length, not chunked encoding.
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, requestType));
        content.Headers.ContentType = JsonMediaType;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new WeChatHttpException(response.StatusCode, path);
        }

        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        try
        {
            return JsonSerializer.Deserialize(bytes, responseType)
                ?? throw new WeChatProtocolException($"WeChat API {path} answered JSON null.");
        }
        catch (JsonException ex)
        {
            throw new WeChatProtocolException($"WeChat API {path} answered a body that is not its JSON ({bytes.Length} bytes).", ex);
        }
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}
