namespace CustomerService.Deployment.Tests.Docker;

/// <summary>One Dockerfile instruction, continuation lines joined: its keyword (upper case) and the rest of the line.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line)
{
    public override string ToString() => $"line {Line}: {Keyword} {Arguments}";
}
