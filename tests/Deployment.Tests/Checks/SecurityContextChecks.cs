using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// Every container runs as a non-root user, without privilege escalation, on a read-only root filesystem, with a
/// writable <c>/tmp</c> mounted (the .NET runtime's diagnostics socket and temporary files go there).
/// </summary>
public static class SecurityContextChecks
{
    public const string TemporaryPath = "/tmp";

    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var workload in manifests.Workloads)
        {
            var pod = workload.Pod.SecurityContext;
            foreach (var container in workload.AllContainers)
            {
                var where = $"{workload} container {container.Name}";
                var own = container.SecurityContext;
                if ((own?.RunAsNonRoot ?? pod?.RunAsNonRoot) != true)
                {
                    problems.Add($"{where}: runAsNonRoot is not set");
                }

                if ((own?.RunAsUser ?? pod?.RunAsUser) is 0)
                {
                    problems.Add($"{where}: runs as user 0");
                }

                if (own?.AllowPrivilegeEscalation != false)
                {
                    problems.Add($"{where}: allowPrivilegeEscalation is not false");
                }

                if (own?.ReadOnlyRootFilesystem != true)
                {
                    problems.Add($"{where}: the root filesystem is not read-only");
                }

                if (!(container.VolumeMounts ?? []).Any(m => m.MountPath == TemporaryPath && m.ReadOnlyProperty != true))
                {
                    problems.Add($"{where}: no writable volume at {TemporaryPath}");
                }
            }
        }

        return problems;
    }
}
