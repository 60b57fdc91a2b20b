namespace CustomerService.Deployment.Tests.Docker;

/// <summary>A build stage: <c>FROM base [AS name]</c> and the instructions up to the next FROM.</summary>
public sealed record DockerStage(string? Name, string Base, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public override string ToString() => Name ?? Base;
}
