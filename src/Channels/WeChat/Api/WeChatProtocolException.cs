namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// A WeChat API answered HTTP 2xx with a body that is not the JSON the endpoint documents (for example an HTML
/// error page from a proxy, or a success without its <c>access_token</c>).
/// </summary>
public sealed class WeChatProtocolException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeChatProtocolException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public WeChatProtocolException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WeChatProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
