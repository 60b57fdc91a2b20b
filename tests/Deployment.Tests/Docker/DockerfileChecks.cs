using CustomerService.Deployment.Tests.Checks;

namespace CustomerService.Deployment.Tests.Docker;

/// <summary>
/// The Dockerfile: every base image pinned; each image target runs on the ASP.NET Core runtime image (not the SDK it
/// was built with), as a non-root user, with an exec-form <c>dotnet &lt;assembly&gt;</c> entrypoint; and
/// <c>.dockerignore</c> keeps build outputs and the git folder out of the context.
/// </summary>
public static class DockerfileChecks
{
    public const string RuntimeImage = "mcr.microsoft.com/dotnet/aspnet";

    /// <summary>Context paths that must never reach the build: local build outputs (stale, machine-specific) and git.</summary>
    public static readonly IReadOnlyList<string> IgnoredPaths = [".git/config", "src/Silo/bin/Debug/x.dll", "src/Silo/obj/project.assets.json"];

    public static IReadOnlyList<string> Check(Dockerfile dockerfile, DockerIgnore ignore, IEnumerable<string> targets)
    {
        ArgumentNullException.ThrowIfNull(dockerfile);
        ArgumentNullException.ThrowIfNull(ignore);
        ArgumentNullException.ThrowIfNull(targets);
        var problems = new List<string>();
        var stageNames = dockerfile.Stages.Select(s => s.Name).OfType<string>().ToHashSet();
        foreach (var stage in dockerfile.Stages.Where(s => !stageNames.Contains(s.Base)))
        {
            if (ImageChecks.Unpinned(stage.Base) is { } reason)
            {
                problems.Add($"stage {stage}: base image '{stage.Base}' {reason}");
            }
        }

        foreach (var target in targets)
        {
            var stage = dockerfile.Stages.FirstOrDefault(s => s.Name == target);
            if (stage is null)
            {
                problems.Add($"no stage '{target}'");
                continue;
            }

            var image = dockerfile.BaseImage(stage);
            if (!image.StartsWith(RuntimeImage + ":", StringComparison.Ordinal) && !image.StartsWith(RuntimeImage + "@", StringComparison.Ordinal))
            {
                problems.Add($"stage {target}: runs on {image}, not on {RuntimeImage}");
            }

            if (dockerfile.User(stage) is not { Length: > 0 } user || user is "root" or "0" || user.StartsWith("0:", StringComparison.Ordinal) || user.StartsWith("root:", StringComparison.Ordinal))
            {
                problems.Add($"stage {target}: runs as root (no USER, or USER root)");
            }

            if (dockerfile.Entrypoint(stage) is not [ "dotnet", var assembly ] || !assembly.EndsWith(".dll", StringComparison.Ordinal))
            {
                problems.Add($"stage {target}: no exec-form ENTRYPOINT [\"dotnet\", \"<assembly>.dll\"]");
            }

            var copies = stage.All("COPY").Select(DockerCopy.Parse).Where(c => c.FromStage is not null).ToList();
            if (copies.Count != 1)
            {
                problems.Add($"stage {target}: expected one COPY --from of the published application");
            }
        }

        foreach (var path in IgnoredPaths.Where(p => !ignore.IsExcluded(p)))
        {
            problems.Add($".dockerignore lets {path} into the build context");
        }

        return problems;
    }
}
