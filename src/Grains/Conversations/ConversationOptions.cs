using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Conversations;

/// <summary>Settings for conversation grains (section <c>Conversations</c>).</summary>
public sealed class ConversationOptions
{
    public const string SectionName = "Conversations";

    [Required]
    public HistoryOptions History { get; set; } = new();

    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();

    [Required]
    public HandoffOptions Handoff { get; set; } = new();

    [Required]
    public DedupOptions Dedup { get; set; } = new();

    [Required]
    public PassiveOptions Passive { get; set; } = new();

    [Required]
    public ReplyTextOptions Replies { get; set; } = new();

    [Required]
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>
    /// Messages that ask for the rest of a held answer (继续, 还有吗…). They get the remainder alone, with no model
    /// call. Unset means <see cref="DefaultContinueKeywords"/>; matched after trimming punctuation, whole message only.
    /// </summary>
    public string[]? ContinueKeywords { get; set; }

    /// <summary>The phrases shipped when <see cref="ContinueKeywords"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultContinueKeywords { get; } =
        ["继续", "继续说", "接着说", "还有吗", "还有呢", "然后呢", "后面呢", "更多", "下一页", "continue", "more"];

    public IReadOnlyList<string> EffectiveContinueKeywords => ContinueKeywords is { Length: > 0 } k ? k : DefaultContinueKeywords;
}
