using System.Globalization;
using CustomerService.Channels.WeChat;
using CustomerService.Deployment.Tests.Manifests;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Checks;

/// <summary>
/// Every Deployment's container sets the host's shutdown timeout explicitly, and the pod's termination grace period
/// outlasts the preStop sleep plus that timeout: otherwise Kubernetes kills the process in the middle of a graceful
/// stop (a silo handing over its grains, an ingress finishing its replies). The ingress's timeout is above its
/// reply budget, so that a reply being prepared is still sent.
/// </summary>
public static class ShutdownChecks
{
    /// <summary>Kubernetes' default terminationGracePeriodSeconds.</summary>
    public const long DefaultGracePeriodSeconds = 30;

    public static IReadOnlyList<string> Check(ManifestSet manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var problems = new List<string>();
        foreach (var workload in manifests.Workloads.Where(w => w.Manifest is V1Deployment))
        {
            var grace = workload.Pod.TerminationGracePeriodSeconds ?? DefaultGracePeriodSeconds;
            foreach (var container in workload.Containers)
            {
                var where = $"{workload} container {container.Name}";
                var environment = ContainerEnvironment.Resolve(manifests, workload.Namespace, container);
                var isClient = new OrleansProcess(workload, container, environment).IsClient;
                if (ShutdownTimeoutSeconds(environment, isClient) is not { } shutdown)
                {
                    problems.Add($"{where}: {SettingNames.ShutdownTimeoutFor(isClient)} is not set to a number of seconds");
                    continue;
                }

                var preStop = container.Lifecycle?.PreStop is { } handler ? PreStopSeconds(handler) ?? 0 : 0;
                if (grace <= preStop + shutdown)
                {
                    problems.Add($"{where}: terminationGracePeriodSeconds {grace.ToString(CultureInfo.InvariantCulture)} does not outlast the preStop sleep " +
                        $"({preStop.ToString(CultureInfo.InvariantCulture)} s) plus the shutdown timeout ({shutdown.ToString(CultureInfo.InvariantCulture)} s)");
                }

                if (isClient)
                {
                    var budgetMs = int.TryParse(environment.LiteralOf(SettingNames.ReplyBudgetMs), NumberStyles.None, CultureInfo.InvariantCulture, out var configured)
                        ? configured
                        : new WeChatOptions().ReplyBudgetMs;
                    if (shutdown * 1000 <= budgetMs)
                    {
                        problems.Add($"{where}: the shutdown timeout ({shutdown.ToString(CultureInfo.InvariantCulture)} s) is not above the reply budget ({budgetMs.ToString(CultureInfo.InvariantCulture)} ms)");
                    }
                }
            }
        }

        return problems;
    }

    /// <summary>The shutdown timeout the container sets: the ingress's own setting for an Orleans client, else the host's.</summary>
    public static long? ShutdownTimeoutSeconds(IReadOnlyDictionary<string, EnvironmentValue> environment, bool ingress) =>
        long.TryParse(environment.LiteralOf(SettingNames.ShutdownTimeoutFor(ingress)), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? seconds : null;

    /// <summary>How long a preStop handler sleeps: a <c>sleep</c> action, or an exec of <c>sleep N</c>.</summary>
    public static long? PreStopSeconds(V1LifecycleHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (handler.Sleep is { } sleep)
        {
            return sleep.Seconds;
        }

        var command = handler.Exec?.Command ?? [];
        return command.Count == 2 && command[0] is "sleep" or "/bin/sleep" && long.TryParse(command[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
    }
}
