using System.Globalization;
using CustomerService.Deployment.Tests.Manifests;
using CustomerService.Silo.Hosting.Migrations;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// The silo Deployment: at least two replicas; the downward-API pod variables; its Orleans and admin ports declared
/// and probed; the migrate initContainer with the table owner's Secret (and not the silo's data-only one); a
/// ServiceAccount whose Role grants what UseKubernetesHosting needs; a PodDisruptionBudget with maxUnavailable 1.
/// </summary>
public static class SiloChecks
{
    /// <summary>What UseKubernetesHosting does with pods: reads and labels its own, watches the others, deletes a dead silo's.</summary>
    public static readonly IReadOnlyList<string> PodVerbs = ["get", "patch", "list", "watch", "delete"];

    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var silo in OrleansProcess.Silos(manifests))
        {
            var workload = silo.Workload;
            if (workload.Manifest is not V1Deployment)
            {
                problems.Add($"{workload}: silos should be a Deployment");
            }

            if (workload.Replicas is not >= 2)
            {
                problems.Add($"{workload}: fewer than 2 replicas");
            }

            foreach (var (name, field) in SettingNames.DownwardApi)
            {
                if (silo.Environment.GetValueOrDefault(name)?.FieldPath != field)
                {
                    problems.Add($"{silo}: {name} does not come from the downward API's {field}");
                }
            }

            CheckPorts(silo, problems);
            CheckMigrate(silo, problems);
            CheckAccount(manifests, workload, problems);
            var budgets = manifests.OfType<V1PodDisruptionBudget>()
                .Where(b => b.Metadata.NamespaceProperty == workload.Namespace && LabelSelectors.Matches(b.Spec?.Selector, workload.PodLabels))
                .ToList();
            if (budgets.Count != 1 || budgets[0].Spec.MaxUnavailable?.Value != "1")
            {
                problems.Add($"{workload}: needs one PodDisruptionBudget with maxUnavailable: 1");
            }
        }

        return problems;
    }

    private static void CheckPorts(OrleansProcess silo, List<string> problems)
    {
        foreach (var setting in new[] { SettingNames.ClusterSiloPort, SettingNames.ClusterGatewayPort, SettingNames.ClusterAdminPort })
        {
            if (!int.TryParse(silo.Environment.LiteralOf(setting), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                problems.Add($"{silo}: {setting} is not set");
            }
            else if (!ContainerPorts.Declares(silo.Container, port))
            {
                problems.Add($"{silo}: {setting}={port.ToString(CultureInfo.InvariantCulture)} is not a declared container port");
            }
        }

        if (int.TryParse(silo.Environment.LiteralOf(SettingNames.ClusterAdminPort), NumberStyles.None, CultureInfo.InvariantCulture, out var admin))
        {
            foreach (var (kind, probe) in new[] { ("liveness", silo.Container.LivenessProbe), ("readiness", silo.Container.ReadinessProbe) })
            {
                if (probe?.HttpGet is not { } get || ContainerPorts.Resolve(silo.Container, get.Port) != admin)
                {
                    problems.Add($"{silo}: the {kind} probe does not ask the admin port");
                }
            }
        }
    }

    private static void CheckMigrate(OrleansProcess silo, List<string> problems)
    {
        var migrate = silo.Workload.InitContainers
            .Where(c => c.Command is null or { Count: 0 } && c.Args is { Count: 1 } && c.Args[0] == MigrateCommand.Name)
            .ToList();
        if (migrate.Count != 1)
        {
            problems.Add($"{silo.Workload}: needs one initContainer running the image's '{MigrateCommand.Name}' command");
            return;
        }

        var init = migrate[0];
        if (init.Image != silo.Container.Image)
        {
            problems.Add($"{silo.Workload}: the migrate initContainer's image {init.Image} is not the silo's {silo.Container.Image}");
        }

        var owner = (init.Env ?? []).FirstOrDefault(e => e.Name == SettingNames.PostgresMigrateConnection)?.ValueFrom?.SecretKeyRef;
        var data = silo.Environment.GetValueOrDefault(SettingNames.PostgresConnection)?.SecretKey;
        if (owner is null)
        {
            problems.Add($"{silo.Workload}: the migrate initContainer does not get {SettingNames.PostgresMigrateConnection} from a Secret");
        }
        else if (data is null || owner.Name == data.Name)
        {
            problems.Add($"{silo.Workload}: the migrate initContainer's owner role must come from another Secret than the silo's {SettingNames.PostgresConnection}");
        }

        // migrate falls back to ConnectionStrings:postgres: with that set, a missing owner Secret would go unnoticed.
        if ((init.Env ?? []).Any(e => e.Name == SettingNames.PostgresConnection) || (init.EnvFrom?.Count ?? 0) > 0)
        {
            problems.Add($"{silo.Workload}: the migrate initContainer must not get the data-only {SettingNames.PostgresConnection}");
        }
    }

    private static void CheckAccount(ManifestSet manifests, PodWorkload workload, List<string> problems)
    {
        var account = workload.Pod.ServiceAccountName;
        if (account is null or "default" || workload.Pod.AutomountServiceAccountToken == false)
        {
            problems.Add($"{workload}: needs its own ServiceAccount with a mounted token (UseKubernetesHosting calls the API)");
            return;
        }

        var granted = manifests.OfType<V1RoleBinding>()
            .Where(b => b.Metadata.NamespaceProperty == workload.Namespace
                && (b.Subjects ?? []).Any(s => s.Kind == "ServiceAccount" && s.Name == account && (s.NamespaceProperty ?? b.Metadata.NamespaceProperty) == workload.Namespace))
            .SelectMany(b => manifests.OfType<V1Role>().Where(r => b.RoleRef.Kind == "Role" && r.Metadata.Name == b.RoleRef.Name && r.Metadata.NamespaceProperty == workload.Namespace))
            .SelectMany(r => r.Rules ?? [])
            .Where(rule => (rule.ApiGroups ?? []).Contains("") && (rule.Resources ?? []).Contains("pods"))
            .SelectMany(rule => rule.Verbs ?? [])
            .ToHashSet();
        var missing = PodVerbs.Where(v => !granted.Contains(v) && !granted.Contains("*")).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{workload}: ServiceAccount {account} may not {string.Join(", ", missing)} pods");
        }
    }
}
