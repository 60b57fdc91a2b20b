namespace CustomerService.Channels.WeChat.Api;

/// <summary>The answer of the token endpoint: a token and its remaining lifetime, or an error.</summary>
/// <remarks><see cref="ToString"/> never prints the token.</remarks>
public sealed record WeChatTokenResult
{
    /// <summary>The access token; null when <see cref="Error"/> is not OK. A secret.</summary>
    public string? AccessToken { get; init; }

    /// <summary>
    /// Seconds the token remains valid, counted from the response. <c>stable_token</c> returns the remaining time of
    /// the current token (for example 345), not always 7200.
    /// </summary>
    public int ExpiresInSeconds { get; init; }

    /// <summary>The platform's error; <see cref="WeChatApiError.Ok"/> on success.</summary>
    public WeChatApiError Error { get; init; }

    /// <summary>True when a token was issued.</summary>
    public bool IsOk => Error.IsOk && AccessToken is not null;

    /// <summary>Describes the result without the token.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => IsOk
        ? $"{nameof(WeChatTokenResult)} {{ token (redacted), {nameof(ExpiresInSeconds)} = {ExpiresInSeconds} }}"
        : $"{nameof(WeChatTokenResult)} {{ {nameof(Error)} = {Error} }}";
}
