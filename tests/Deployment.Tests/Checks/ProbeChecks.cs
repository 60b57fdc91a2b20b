using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// Every long-running container has a liveness and a readiness probe on a port it declares. An HTTP liveness probe
/// asks <c>/healthz</c> (the local process only), never <c>/readyz</c>: a dependency's blip must not restart pods.
/// </summary>
public static class ProbeChecks
{
    public const string LivenessPath = "/healthz";
    public const string ReadinessPath = "/readyz";

    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.Containers)
            {
                var where = $"{workload} container {container.Name}";
                if (container.LivenessProbe is null)
                {
                    problems.Add($"{where}: no liveness probe");
                }

                if (container.ReadinessProbe is null)
                {
                    problems.Add($"{where}: no readiness probe");
                }

                foreach (var (kind, probe) in new[] { ("liveness", container.LivenessProbe), ("readiness", container.ReadinessProbe), ("startup", container.StartupProbe) })
                {
                    if (probe is null)
                    {
                        continue;
                    }

                    var port = probe.HttpGet?.Port ?? probe.TcpSocket?.Port;
                    if (port is not null && (ContainerPorts.Resolve(container, port) is not { } number || !ContainerPorts.Declares(container, number)))
                    {
                        problems.Add($"{where}: the {kind} probe's port {port.Value} is not a declared container port");
                    }

                    if (probe.HttpGet is null && probe.TcpSocket is null && probe.Exec is null && probe.Grpc is null)
                    {
                        problems.Add($"{where}: the {kind} probe has no action");
                    }
                }

                if (container.LivenessProbe?.HttpGet is { } liveness && liveness.Path != LivenessPath)
                {
                    problems.Add($"{where}: the liveness probe asks {liveness.Path}, not {LivenessPath}");
                }

                if (container.ReadinessProbe?.HttpGet is { } readiness && readiness.Path != ReadinessPath)
                {
                    problems.Add($"{where}: the readiness probe asks {readiness.Path}, not {ReadinessPath}");
                }
            }
        }

        return problems;
    }
}
