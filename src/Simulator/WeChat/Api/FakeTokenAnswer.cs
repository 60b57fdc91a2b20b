namespace CustomerService.Simulator.WeChat.Api;

/// <summary>What a token endpoint answers: a token and its remaining seconds, or an <c>errcode</c>.</summary>
internal readonly record struct FakeTokenAnswer(int Code, string? AccessToken, int ExpiresIn)
{
    public static FakeTokenAnswer Error(int code) => new(code, null, 0);
}
