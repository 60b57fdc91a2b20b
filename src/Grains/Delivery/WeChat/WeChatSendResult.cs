using CustomerService.Channels.WeChat.Api;
using CustomerService.Grains.Interfaces.Delivery;

namespace CustomerService.Grains.Delivery.WeChat;

/// <summary>The classified result of one send through <see cref="WeChatSendInvoker"/>.</summary>
public sealed record WeChatSendResult
{
    public required WeChatSendStatus Status { get; init; }

    /// <summary>The platform's answer to the last attempt (<see cref="WeChatApiError.Ok"/> when sent or not answered).</summary>
    public WeChatApiError Error { get; init; }

    /// <summary>Why no token was had, for <see cref="WeChatSendStatus.NoToken"/>.</summary>
    public AccessTokenProblem TokenProblem { get; init; }

    /// <summary>The token authority's error code behind <see cref="TokenProblem"/>, if any.</summary>
    public int? TokenErrorCode { get; init; }

    /// <summary>
    /// For <see cref="WeChatSendStatus.NoToken"/> when the call to the token authority itself failed (a grain-call
    /// timeout, its silo gone): the exception's type name. Null when the authority answered.
    /// </summary>
    public string? TokenAuthorityFailure { get; init; }

    /// <summary>Whether a failed transport may have delivered, for <see cref="WeChatSendStatus.TransportFailure"/>.</summary>
    public WeChatTransportOutcome? Transport { get; init; }

    /// <summary>Calls made to the send API: 1, or 2 after a token rejection.</summary>
    public int Attempts { get; init; }

    /// <summary>What the platform's error means for the caller (<see cref="WeChatErrorClass.None"/> unless <see cref="WeChatSendStatus.PlatformError"/>).</summary>
    public WeChatErrorClass ErrorClass => Error.Class;
}
