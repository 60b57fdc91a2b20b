namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// The Official Account active APIs that delivery uses: the stable access token, customer-service text messages and
/// the typing indicator. Implemented over one typed <see cref="HttpClient"/> by <see cref="WeChatApiClient"/>.
/// </summary>
public interface IWeChatApiClient
{
    /// <summary>
    /// Calls <c>POST /cgi-bin/stable_token</c>. Normal mode (<paramref name="forceRefresh"/> false) returns the
    /// current token while it is valid; force mode invalidates it at once and is limited to 20 a day, 30 s apart
    /// (https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html).
    /// </summary>
    /// <param name="appId">The AppId.</param>
    /// <param name="appSecret">The AppSecret (sent in the body only; never logged).</param>
    /// <param name="forceRefresh">True to force a new token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The token, or the platform's error.</returns>
    /// <exception cref="WeChatHttpException">The answer was not HTTP 2xx.</exception>
    /// <exception cref="WeChatProtocolException">The answer was not the documented JSON.</exception>
    Task<WeChatTokenResult> GetStableTokenAsync(string appId, string appSecret, bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a customer-service text message (<c>POST /cgi-bin/message/custom/send</c>,
    /// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html).
    /// </summary>
    /// <param name="accessToken">The access token.</param>
    /// <param name="openId">The user's openid.</param>
    /// <param name="content">The text, at most about 2048 UTF-8 bytes (45002 beyond).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The platform's answer.</returns>
    /// <exception cref="WeChatHttpException">The answer was not HTTP 2xx.</exception>
    /// <exception cref="WeChatProtocolException">The answer was not the documented JSON.</exception>
    Task<WeChatApiError> SendTextAsync(string accessToken, string openId, string content, CancellationToken cancellationToken);

    /// <summary>
    /// Shows or hides the typing indicator (<c>POST /cgi-bin/message/custom/typing</c>): allowed within 30 s of an
    /// interaction, lasts 15 s, and a sent message clears it.
    /// </summary>
    /// <param name="accessToken">The access token.</param>
    /// <param name="openId">The user's openid.</param>
    /// <param name="command">Typing or CancelTyping.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The platform's answer.</returns>
    /// <exception cref="WeChatHttpException">The answer was not HTTP 2xx.</exception>
    /// <exception cref="WeChatProtocolException">The answer was not the documented JSON.</exception>
    Task<WeChatApiError> SendTypingAsync(string accessToken, string openId, WeChatTypingCommand command, CancellationToken cancellationToken);
}
