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
}
