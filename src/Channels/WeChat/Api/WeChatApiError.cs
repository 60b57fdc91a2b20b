namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// The <c>errcode</c>/<c>errmsg</c> pair of a WeChat API response. WeChat reports errors as HTTP 200 with these
/// fields; an absent <c>errcode</c> or 0 means success.
/// </summary>
/// <param name="Code">The <c>errcode</c> (0 when absent).</param>
/// <param name="Message">The <c>errmsg</c>, usually ending with a request id (<c>rid</c>) for Tencent's support.</param>
public readonly record struct WeChatApiError(int Code, string? Message)
{
    /// <summary>Success.</summary>
    public static WeChatApiError Ok { get; } = new(0, null);

    /// <summary>True when the call succeeded.</summary>
    public bool IsOk => Code == 0;

    /// <summary>What the code means for the caller.</summary>
    public WeChatErrorClass Class => WeChatErrorTable.Classify(Code);
}
