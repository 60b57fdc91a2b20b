using System.ComponentModel.DataAnnotations;

namespace CustomerService.IngressApi.Hosting;

/// <summary>Limits of the ingress process itself (section <c>Ingress</c>).</summary>
public sealed class IngressOptions
{
    public const string SectionName = "Ingress";

    /// <summary>
    /// Pushes handled at once by this process. One more is held with no answer, as when the cluster cannot be reached,
    /// so that WeChat retries it (on another pod, or here a moment later); it never gets a 503, which WeChat would
    /// not retry.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentRequests { get; set; } = 1000;

    /// <summary>
    /// How long the host waits for requests in flight when it stops. It must exceed the reply budget so that every
    /// answer being waited for still goes out; Kubernetes' termination grace period must exceed it in turn (plus the
    /// preStop pause).
    /// </summary>
    [Range(1, 300)]
    public int ShutdownTimeoutSeconds { get; set; } = 15;
}
