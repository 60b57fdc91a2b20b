using CustomerService.Deployment.Tests.Manifests;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// Every container has a CPU request and no CPU limit (a CFS quota throttles a busy silo into missed membership
/// probes), and a memory request and limit, the limit not below the request.
/// </summary>
public static class ResourceChecks
{
    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var workload in manifests.Workloads)
        {
            foreach (var container in workload.AllContainers)
            {
                var where = $"{workload} container {container.Name}";
                var requests = container.Resources?.Requests ?? new Dictionary<string, k8s.Models.ResourceQuantity>();
                var limits = container.Resources?.Limits ?? new Dictionary<string, k8s.Models.ResourceQuantity>();
                if (!requests.ContainsKey("cpu"))
                {
                    problems.Add($"{where}: no CPU request");
                }

                if (limits.ContainsKey("cpu"))
                {
                    problems.Add($"{where}: a CPU limit");
                }

                if (!requests.TryGetValue("memory", out var memoryRequest))
                {
                    problems.Add($"{where}: no memory request");
                }

                if (!limits.TryGetValue("memory", out var memoryLimit))
                {
                    problems.Add($"{where}: no memory limit");
                }
                else if (memoryRequest is not null && memoryLimit.ToDecimal() < memoryRequest.ToDecimal())
                {
                    problems.Add($"{where}: memory limit below its request");
                }
            }
        }

        return problems;
    }
}
