using CustomerService.Deployment.Tests.Manifests;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// The example StatefulSets (Redis, PostgreSQL) are marked development-only; production points at managed services.
/// Any Redis here keeps the membership table safe: persistence (appendonly) and <c>maxmemory-policy noeviction</c>,
/// because the membership hash has no expiry and an evicting policy would drop silo entries.
/// </summary>
public static class DevelopmentOnlyChecks
{
    public const string Annotation = "customerservice/development-only";

    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var workload in manifests.Workloads)
        {
            var marked = workload.Manifest.Metadata.Annotations?.TryGetValue(Annotation, out var value) == true && value == "true";
            if (workload.Manifest is V1StatefulSet && !marked)
            {
                problems.Add($"{workload}: example StatefulSets carry the annotation {Annotation}: \"true\"");
            }

            if (workload.Manifest is V1Deployment && marked)
            {
                problems.Add($"{workload}: the application itself is not development-only");
            }

            foreach (var container in workload.Containers.Where(c => IsRedis(c.Image)))
            {
                var args = container.Args ?? [];
                if (!HasOption(args, "--maxmemory-policy", "noeviction"))
                {
                    problems.Add($"{workload} container {container.Name}: Redis without --maxmemory-policy noeviction");
                }

                if (!HasOption(args, "--appendonly", "yes"))
                {
                    problems.Add($"{workload} container {container.Name}: Redis without persistence (--appendonly yes)");
                }
            }
        }

        return problems;
    }

    private static bool IsRedis(string? image)
    {
        var name = image?[(image.LastIndexOf('/') + 1)..] ?? "";
        return name == "redis" || name.StartsWith("redis:", StringComparison.Ordinal) || name.StartsWith("redis@", StringComparison.Ordinal);
    }

    // "--option value" as two arguments or one, the last occurrence winning as it does for redis-server.
    private static bool HasOption(IList<string> args, string option, string expected)
    {
        string? value = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == option && i + 1 < args.Count)
            {
                value = args[i + 1];
            }
            else if (args[i].StartsWith(option + " ", StringComparison.Ordinal))
            {
                value = args[i][(option.Length + 1)..].Trim();
            }
        }

        return value == expected;
    }
}
