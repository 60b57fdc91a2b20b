using System.Net;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// A WeChat API call got a non-2xx HTTP status. WeChat itself reports errors as HTTP 200 with an <c>errcode</c>,
/// so a status like this comes from its front end or a proxy; <see cref="WeChatTransportFailure.Classify"/> says
/// whether the request may have been carried out.
/// </summary>
public sealed class WeChatHttpException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeChatHttpException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public WeChatHttpException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public WeChatHttpException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a status code.</summary>
    /// <param name="statusCode">The HTTP status of the response.</param>
    /// <param name="endpoint">The API path (no query string: it holds the access token).</param>
    public WeChatHttpException(HttpStatusCode statusCode, string endpoint)
        : base($"WeChat API {endpoint} answered HTTP {(int)statusCode}.") => StatusCode = statusCode;

    /// <summary>The HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }
}
