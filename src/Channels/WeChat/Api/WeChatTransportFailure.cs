using System.Net;
using System.Net.Sockets;
using Polly.Timeout;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// Tells, from the exception of a failed WeChat call, whether the request may have been carried out. This decides
/// whether a customer-service message may be sent again: a retry of a request that WeChat did carry out shows the
/// user the same message twice, and custom/send has no idempotency key.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="WeChatTransportOutcome.NotSent"/>: the request provably never reached WeChat's application. That is a
/// failure to connect (DNS, refused, unreachable, TLS handshake, proxy tunnel), an HTTP 4xx (the front end refused
/// the request), and HTTP 502 or 503 (a gateway with no healthy upstream, or an overloaded front end, rejecting the
/// request before it is handled).
/// </para>
/// <para>
/// <see cref="WeChatTransportOutcome.InDoubt"/>: everything else. A read timeout, a connection lost after the request
/// was written (the response ended early, a reset), HTTP 500 (the application failed somewhere, possibly after
/// sending), HTTP 504 (the upstream got the request and did not answer in time), a body that is not JSON, and any
/// exception this table does not know. In doubt is the cautious default: a lost message is held and visible, a
/// duplicate cannot be taken back.
/// </para>
/// </remarks>
public static class WeChatTransportFailure
{
    /// <summary>Classifies the exception of a failed WeChat API call.</summary>
    /// <param name="exception">What the call threw.</param>
    /// <returns>Whether the request may have been carried out.</returns>
    public static WeChatTransportOutcome Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            WeChatHttpException http => ClassifyStatus(http.StatusCode),
            HttpRequestException request => ClassifyRequest(request),

            // HttpClient.Timeout surfaces as TaskCanceledException with a TimeoutException inside; a Polly timeout
            // strategy as TimeoutRejectedException. Either way the request may be on the wire or already handled.
            TimeoutRejectedException => WeChatTransportOutcome.InDoubt,
            OperationCanceledException => WeChatTransportOutcome.InDoubt,
            IOException => WeChatTransportOutcome.InDoubt,
            _ => WeChatTransportOutcome.InDoubt,
        };
    }

    /// <summary>Classifies an HTTP status other than 2xx (see the remarks of <see cref="WeChatTransportFailure"/>).</summary>
    /// <param name="statusCode">The status.</param>
    /// <returns>Whether the request may have been carried out.</returns>
    public static WeChatTransportOutcome ClassifyStatus(HttpStatusCode statusCode) => (int)statusCode switch
    {
        >= 400 and < 500 => WeChatTransportOutcome.NotSent,
        502 or 503 => WeChatTransportOutcome.NotSent,
        _ => WeChatTransportOutcome.InDoubt,
    };

    private static WeChatTransportOutcome ClassifyRequest(HttpRequestException exception)
    {
        switch (exception.HttpRequestError)
        {
            case HttpRequestError.NameResolutionError:
            case HttpRequestError.ConnectionError:
            case HttpRequestError.SecureConnectionError:
            case HttpRequestError.ProxyTunnelError:
                return WeChatTransportOutcome.NotSent;
            case HttpRequestError.ResponseEnded:
            case HttpRequestError.InvalidResponse:
                return WeChatTransportOutcome.InDoubt;
        }

        // HttpRequestError.Unknown (or an exception built by hand): look at the socket error, if any.
        var socket = FindInner<SocketException>(exception);
        if (socket is not null && IsConnectFailure(socket.SocketErrorCode) && FindInner<IOException>(exception) is null)
        {
            return WeChatTransportOutcome.NotSent;
        }

        return WeChatTransportOutcome.InDoubt;
    }

    // Errors that happen while connecting, before any byte of the request is written. A reset or abort of an open
    // connection (ConnectionReset, ConnectionAborted, Shutdown) arrives wrapped in an IOException and stays in doubt.
    private static bool IsConnectFailure(SocketError error) => error is
        SocketError.ConnectionRefused
        or SocketError.HostNotFound
        or SocketError.HostUnreachable
        or SocketError.HostDown
        or SocketError.NetworkUnreachable
        or SocketError.NetworkDown
        or SocketError.TryAgain
        or SocketError.NoData
        or SocketError.NoRecovery
        or SocketError.AddressNotAvailable;

    private static T? FindInner<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
