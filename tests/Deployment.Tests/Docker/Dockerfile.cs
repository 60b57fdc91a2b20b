using System.Text.Json;

namespace CustomerService.Deployment.Tests.Docker;

/// <summary>
/// A Dockerfile read into its stages: enough of the syntax for this repository's file (comments, line continuations,
/// named stages). Anything it does not understand is an error, so that the file stays as simple as the tests that
/// run it.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerStage> stages) => Stages = stages;

    public IReadOnlyList<DockerStage> Stages { get; }

    public static Dockerfile LoadRepository() => Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "Dockerfile")));

    public static Dockerfile Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var instructions = new List<DockerInstruction>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var start = i + 1;
            var joined = line;
            while (joined.EndsWith('\\') && i + 1 < lines.Length)
            {
                i++;
                var next = lines[i].Trim();
                if (next.StartsWith('#'))
                {
                    // A comment inside a continued instruction is dropped; the continuation goes on.
                    continue;
                }

                joined = joined[..^1].TrimEnd() + " " + next;
            }

            var space = joined.IndexOfAny([' ', '\t']);
            var keyword = (space < 0 ? joined : joined[..space]).ToUpperInvariant();
            instructions.Add(new DockerInstruction(keyword, space < 0 ? "" : joined[(space + 1)..].Trim(), start));
        }

        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var instruction in instructions)
        {
            if (instruction.Keyword == "FROM")
            {
                var parts = instruction.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length is not (1 or 3) || (parts.Length == 3 && !parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase)) || parts[0].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"Dockerfile {instruction}: expected FROM image [AS name]");
                }

                current = [];
                stages.Add(new DockerStage(parts.Length == 3 ? parts[2] : null, parts[0], current));
            }
            else if (current is null)
            {
                if (instruction.Keyword != "ARG")
                {
                    throw new InvalidDataException($"Dockerfile {instruction}: before the first FROM");
                }
            }
            else
            {
                current.Add(instruction);
            }
        }

        return new Dockerfile(stages);
    }

    public DockerStage Stage(string name) =>
        Stages.FirstOrDefault(s => s.Name == name) ?? throw new InvalidDataException($"The Dockerfile has no stage '{name}'.");

    /// <summary>The stages a stage builds on, root first, ending with the stage itself.</summary>
    public IReadOnlyList<DockerStage> Chain(DockerStage stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var chain = new List<DockerStage> { stage };
        while (Stages.FirstOrDefault(s => s.Name == chain[0].Base) is { } parent)
        {
            chain.Insert(0, parent);
        }

        return chain;
    }

    /// <summary>The image at the root of a stage's chain.</summary>
    public string BaseImage(DockerStage stage) => Chain(stage)[0].Base;

    /// <summary>
    /// A stage's ENTRYPOINT (its own, or the nearest in its chain) as the process's arguments, or null. The shell form
    /// runs under <c>/bin/sh -c</c>, which then receives the stop signal instead of the application.
    /// </summary>
    public IReadOnlyList<string>? Entrypoint(DockerStage stage)
    {
        if (Chain(stage).SelectMany(s => s.All("ENTRYPOINT")).LastOrDefault() is not { } entrypoint)
        {
            return null;
        }

        return entrypoint.Arguments.StartsWith('[')
            ? JsonSerializer.Deserialize<string[]>(entrypoint.Arguments)
            : ["/bin/sh", "-c", entrypoint.Arguments];
    }

    /// <summary>The user a stage runs as (the last USER in its chain), or null when none is set.</summary>
    public string? User(DockerStage stage) => Chain(stage).SelectMany(s => s.All("USER")).LastOrDefault()?.Arguments;
}
