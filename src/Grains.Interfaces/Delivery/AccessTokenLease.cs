namespace CustomerService.Grains.Interfaces.Delivery;

/// <summary>A token to call the platform with, or why there is none.</summary>
/// <remarks><see cref="ToString"/> never prints the token.</remarks>
[GenerateSerializer, Immutable, Alias("cs.AccessTokenLease")]
public sealed record AccessTokenLease
{
    /// <summary>The access token; null when <see cref="Problem"/> is not <see cref="AccessTokenProblem.None"/>. A secret.</summary>
    [Id(0)] public string? Token { get; init; }

    /// <summary>Why there is no token.</summary>
    [Id(1)] public AccessTokenProblem Problem { get; init; }

    /// <summary>The platform's error code behind <see cref="Problem"/>, when it answered one.</summary>
    [Id(2)] public int? ErrorCode { get; init; }

    /// <summary>The platform's error message, or what failed in transport.</summary>
    [Id(3)] public string? ErrorMessage { get; init; }

    /// <summary>A lease with a token.</summary>
    public static AccessTokenLease For(string token) => new() { Token = token };

    /// <summary>A lease without a token.</summary>
    public static AccessTokenLease Failed(AccessTokenProblem problem, int? errorCode, string? errorMessage) =>
        new() { Problem = problem, ErrorCode = errorCode, ErrorMessage = errorMessage };

    /// <summary>Describes the lease without the token.</summary>
    public override string ToString() => Token is not null
        ? $"{nameof(AccessTokenLease)} {{ token (redacted) }}"
        : $"{nameof(AccessTokenLease)} {{ {nameof(Problem)} = {Problem}, {nameof(ErrorCode)} = {ErrorCode}, {nameof(ErrorMessage)} = {ErrorMessage} }}";
}
