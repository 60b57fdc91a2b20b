using System.ComponentModel.DataAnnotations;

namespace CustomerService.IngressApi.Conversations;

/// <summary>
/// How the ingress calls the conversation grains (section <c>Cluster</c>, beside the silo's settings). Every call,
/// retry and delay of one push fits in <c>Channels:WeChat:ReplyBudgetMs</c>; see <see cref="GrainCallBudget"/>.
/// </summary>
public sealed class GrainCallOptions
{
    public const string SectionName = "Cluster";

    /// <summary>
    /// The longest one attempt of a fast call (recording the push, claiming its reply) may take. A grain answers these
    /// in milliseconds; one that takes longer lives on a silo that has just died or stalled, and a retry reaches its
    /// new activation sooner than waiting out Orleans' 30 s response timeout. At least
    /// <see cref="GrainCallBudget.MinimumAttempt"/> (250 ms): validation refuses less at start, instead of every push
    /// failing when the budget is first made.
    /// </summary>
    [Range(250, 4800)]
    public int RecordTimeoutMs { get; set; } = 1500;

    /// <summary>Retries after a failed attempt, as long as the reply budget has room for them.</summary>
    [Range(0, 5)]
    public int CallRetries { get; set; } = 2;

    /// <summary>
    /// The constant pause before a retry: long enough for the cluster to notice a dead silo and for its grains to
    /// reactivate elsewhere, short enough to leave a retry inside WeChat's 5 s (an exponential back-off overshoots).
    /// </summary>
    [Range(500, 1000)]
    public int CallRetryDelayMs { get; set; } = 750;
}
