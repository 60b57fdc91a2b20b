namespace CustomerService.Deployment.Tests.Docker;

/// <summary>A COPY instruction: its sources, its destination, and the stage it copies from (null: the build context).</summary>
public sealed record DockerCopy(IReadOnlyList<string> Sources, string Destination, string? FromStage)
{
    public static DockerCopy Parse(DockerInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        string? from = null;
        var paths = new List<string>();
        foreach (var part in instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.StartsWith("--from=", StringComparison.Ordinal))
            {
                from = part["--from=".Length..];
            }
            else if (part.StartsWith("--", StringComparison.Ordinal))
            {
                // --chown, --chmod, --link: they change ownership or layering, not which files land where.
                continue;
            }
            else
            {
                paths.Add(part);
            }
        }

        if (paths.Count < 2 || paths.Any(p => p.IndexOfAny(['*', '?', '[', '$']) >= 0))
        {
            throw new InvalidDataException($"Dockerfile {instruction}: expected COPY [--from=stage] source... destination, without wildcards or variables");
        }

        return new DockerCopy(paths[..^1], paths[^1], from);
    }
}
