using System.Net;
using System.Net.Sockets;
using CustomerService.Channels.WeChat.Api;
using Polly.Timeout;

namespace CustomerService.Channels.Tests.WeChat.Api;

public sealed class WeChatTransportFailureTests
{
    [Theory]
    [InlineData(HttpRequestError.ConnectionError)]
    [InlineData(HttpRequestError.NameResolutionError)]
    [InlineData(HttpRequestError.SecureConnectionError)]
    [InlineData(HttpRequestError.ProxyTunnelError)]
    public void Classify_ConnectFailure_ReturnsNotSent(HttpRequestError error) =>
        Assert.Equal(WeChatTransportOutcome.NotSent, WeChatTransportFailure.Classify(new HttpRequestException(error, "connect failed")));

    [Theory]
    [InlineData(SocketError.ConnectionRefused)]
    [InlineData(SocketError.HostNotFound)]
    [InlineData(SocketError.NetworkUnreachable)]
    [InlineData(SocketError.HostUnreachable)]
    public void Classify_UnknownErrorWithConnectSocketFailure_ReturnsNotSent(SocketError socketError) =>
        Assert.Equal(
            WeChatTransportOutcome.NotSent,
            WeChatTransportFailure.Classify(new HttpRequestException("failed", new SocketException((int)socketError))));

    [Fact]
    public void Classify_ResponseEnded_ReturnsInDoubt() =>
        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));

    [Fact]
    public void Classify_ResetOfOpenConnection_ReturnsInDoubt()
    {
        var reset = new HttpRequestException("failed", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)));

        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(reset));
    }

    [Fact]
    public void Classify_HttpClientTimeout_ReturnsInDoubt() =>
        Assert.Equal(
            WeChatTransportOutcome.InDoubt,
            WeChatTransportFailure.Classify(new TaskCanceledException("timed out", new TimeoutException())));

    [Fact]
    public void Classify_PollyTimeout_ReturnsInDoubt() =>
        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(new TimeoutRejectedException()));

    [Fact]
    public void Classify_IOException_ReturnsInDoubt() =>
        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(new IOException("broken pipe")));

    [Fact]
    public void Classify_BodyNotJson_ReturnsInDoubt() =>
        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(new WeChatProtocolException("html")));

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, WeChatTransportOutcome.NotSent)]
    [InlineData(HttpStatusCode.ServiceUnavailable, WeChatTransportOutcome.NotSent)]
    [InlineData(HttpStatusCode.TooManyRequests, WeChatTransportOutcome.NotSent)]
    [InlineData(HttpStatusCode.BadRequest, WeChatTransportOutcome.NotSent)]
    [InlineData(HttpStatusCode.InternalServerError, WeChatTransportOutcome.InDoubt)]
    [InlineData(HttpStatusCode.GatewayTimeout, WeChatTransportOutcome.InDoubt)]
    public void Classify_HttpStatus_FollowsTheDocumentedChoice(HttpStatusCode status, WeChatTransportOutcome expected) =>
        Assert.Equal(expected, WeChatTransportFailure.Classify(new WeChatHttpException(status, "cgi-bin/message/custom/send")));

    [Fact]
    public void Classify_ExceptionNotInTable_ReturnsInDoubt() =>
        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(new InvalidOperationException("?")));

    [Fact]
    public async Task Classify_RealConnectionRefused_ReturnsNotSent()
    {
        // A port that was just free: nothing listens there now.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var client = new WeChatApiClient(http);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => client.SendTextAsync("token", "oUser", "hi", TestContext.Current.CancellationToken));

        Assert.Equal(WeChatTransportOutcome.NotSent, WeChatTransportFailure.Classify(failure));
    }

    [Fact]
    public async Task Classify_RealReadTimeout_ReturnsInDoubt()
    {
        // A server that accepts the connection and reads, but never answers.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accept = listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken).AsTask();
        using var http = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"),
            Timeout = TimeSpan.FromMilliseconds(300),
        };
        var client = new WeChatApiClient(http);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => client.SendTextAsync("token", "oUser", "hi", TestContext.Current.CancellationToken));
        using var connection = await accept;

        Assert.IsType<TaskCanceledException>(failure);
        Assert.IsType<TimeoutException>(failure.InnerException);
        Assert.Equal(WeChatTransportOutcome.InDoubt, WeChatTransportFailure.Classify(failure));
    }
}
