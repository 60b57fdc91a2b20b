using System.Globalization;
using System.Text.RegularExpressions;
using CustomerService.Deployment.Tests.Manifests;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// The ingress: it listens on all addresses (an unprefixed <c>Urls</c>), rolls with <c>maxUnavailable: 0</c> and a
/// preStop sleep, scales with an HPA that stabilises scale-down, and the public Ingress serves the webhook paths
/// only, over cert-manager TLS: never <c>/api</c>, <c>/metrics</c> or <c>/dashboard</c>.
/// </summary>
public static partial class IngressChecks
{
    /// <summary>Paths that must stay inside the cluster.</summary>
    public static readonly IReadOnlyList<string> InternalPaths = ["/api", "/api/status", "/api/conversations", "/metrics", "/dashboard"];

    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var client in OrleansProcess.Clients(manifests))
        {
            CheckListener(client, problems);
            CheckRollout(manifests, client.Workload, problems);
            if (client.Container.Lifecycle?.PreStop is not { } preStop || ShutdownChecks.PreStopSeconds(preStop) is not > 0)
            {
                problems.Add($"{client}: no preStop sleep");
            }
        }

        var ingresses = manifests.OfType<V1Ingress>().ToList();
        if (ingresses.Count == 0)
        {
            problems.Add("no Ingress");
        }

        foreach (var ingress in ingresses)
        {
            CheckIngress(ingress, problems);
        }

        return problems;
    }

    /// <summary>Whether an Ingress path would route a request for <paramref name="target"/>.</summary>
    public static bool Routes(string path, string? pathType, string target)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return pathType switch
        {
            "Exact" => path == target,
            // Prefix matches whole path segments: /api matches /api and /api/status, not /apis.
            "Prefix" => trimmed == "/" || target == trimmed || target.StartsWith(trimmed + "/", StringComparison.Ordinal),
            // ImplementationSpecific is up to the controller: assume the widest reading, a plain string prefix.
            _ => target.StartsWith(trimmed, StringComparison.Ordinal),
        };
    }

    private static void CheckListener(OrleansProcess client, List<string> problems)
    {
        var urls = client.Environment.GetValueOrDefault(SettingNames.Urls);
        if (urls?.Literal is not { } value || urls.Origin != "env")
        {
            problems.Add($"{client}: {SettingNames.Urls} is not set in its env (appsettings.json's loopback Urls would win)");
            return;
        }

        var match = AllAddresses().Match(value);
        if (!match.Success)
        {
            problems.Add($"{client}: {SettingNames.Urls}={value} does not listen on all addresses");
            return;
        }

        var port = int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture);
        if (!ContainerPorts.Declares(client.Container, port))
        {
            problems.Add($"{client}: {SettingNames.Urls} listens on {port.ToString(CultureInfo.InvariantCulture)}, which is not a declared container port");
        }

        if (client.Container.ReadinessProbe?.HttpGet is { } readiness && ContainerPorts.Resolve(client.Container, readiness.Port) != port)
        {
            problems.Add($"{client}: the readiness probe does not ask the port {SettingNames.Urls} listens on");
        }
    }

    private static void CheckRollout(ManifestSet manifests, PodWorkload workload, List<string> problems)
    {
        if (workload.Manifest is not V1Deployment deployment)
        {
            problems.Add($"{workload}: the ingress should be a Deployment");
            return;
        }

        var strategy = deployment.Spec.Strategy;
        if (strategy?.Type == "Recreate" || strategy?.RollingUpdate?.MaxUnavailable?.Value is not ("0" or "0%"))
        {
            problems.Add($"{workload}: rollingUpdate.maxUnavailable is not 0");
        }

        var autoscalers = manifests.OfType<V2HorizontalPodAutoscaler>()
            .Where(a => a.Spec?.ScaleTargetRef?.Kind == "Deployment" && a.Spec.ScaleTargetRef.Name == workload.Name && a.Metadata.NamespaceProperty == workload.Namespace)
            .ToList();
        if (autoscalers.Count != 1)
        {
            problems.Add($"{workload}: {autoscalers.Count.ToString(CultureInfo.InvariantCulture)} HorizontalPodAutoscalers instead of 1");
        }

        foreach (var autoscaler in autoscalers)
        {
            if (autoscaler.Spec.Behavior?.ScaleDown?.StabilizationWindowSeconds is not > 0)
            {
                problems.Add($"HorizontalPodAutoscaler {autoscaler.Metadata.Name}: no scale-down stabilisation window");
            }

            if (autoscaler.Spec.MinReplicas is not >= 2)
            {
                problems.Add($"HorizontalPodAutoscaler {autoscaler.Metadata.Name}: minReplicas below 2");
            }
        }
    }

    private static void CheckIngress(V1Ingress ingress, List<string> problems)
    {
        var where = $"Ingress {ingress.Metadata.Name}";
        var annotations = ingress.Metadata.Annotations ?? new Dictionary<string, string>();
        if (!annotations.ContainsKey("cert-manager.io/cluster-issuer") && !annotations.ContainsKey("cert-manager.io/issuer"))
        {
            problems.Add($"{where}: no cert-manager issuer annotation");
        }

        var tlsHosts = (ingress.Spec?.Tls ?? []).Where(t => !string.IsNullOrEmpty(t.SecretName)).SelectMany(t => t.Hosts ?? []).ToHashSet();
        var rules = ingress.Spec?.Rules ?? [];
        if (ingress.Spec?.DefaultBackend is not null)
        {
            problems.Add($"{where}: a default backend serves every path");
        }

        foreach (var rule in rules)
        {
            if (string.IsNullOrEmpty(rule.Host) || !tlsHosts.Contains(rule.Host))
            {
                problems.Add($"{where}: host '{rule.Host}' is not covered by spec.tls with a secretName");
            }

            foreach (var path in rule.Http?.Paths ?? [])
            {
                foreach (var target in InternalPaths.Where(t => Routes(path.Path ?? "/", path.PathType, t)))
                {
                    problems.Add($"{where}: path {path.Path} ({path.PathType}) exposes {target}");
                }
            }
        }
    }

    [GeneratedRegex(@"^https?://(\+|\*|0\.0\.0\.0|\[::\]):(?<port>\d+)$")]
    private static partial Regex AllAddresses();
}
