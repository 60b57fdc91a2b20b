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
    /// Merges a user's text questions that arrive within this many milliseconds of the first one still waiting for its
    /// model answer into one turn: the model gets all their texts once the window has closed, and its one answer is
    /// the reply to every one of them. 0 (the default) merges nothing.
    /// </summary>
    /// <remarks>
    /// The window delays the start of every merged turn's model call by up to its length, so it is bounded well under
    /// WeChat's passive budget: with <c>Channels:WeChat:ReplyBudgetMs</c> at 4500 a 3000 ms window still leaves 1.5 s for
    /// the model within the first attempt, and WeChat's later attempts (the last one about 10 s after the message) can
    /// still carry the answer; a slower answer goes out as the passive timeline or the push path would send it anyway.
    /// </remarks>
    public int MergeWindowMs { get; set; }

    /// <summary>The longest <see cref="MergeWindowMs"/>: below the smallest passive budget worth running with.</summary>
    public const int MaxMergeWindowMs = 3000;

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
