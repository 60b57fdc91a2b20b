using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Conversations;

/// <summary><c>Conversations:Handoff</c>: when a user asks for a human.</summary>
public sealed class HandoffOptions
{
    /// <summary>The phrases shipped when <see cref="Keywords"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultKeywords { get; } =
        ["人工", "转人工", "人工客服", "人工服务", "真人", "真人客服", "客服人员", "找客服", "接人工"];

    /// <summary>Words that, right before a keyword, turn it into a refusal (不要人工).</summary>
    public static IReadOnlyList<string> DefaultNegations { get; } =
        ["不要", "不用", "不需要", "不想", "不找", "别", "无需", "没必要"];

    /// <summary>
    /// Phrases that ask for a human. Unset means <see cref="DefaultKeywords"/>. (A list, not defaults merged with
    /// configuration, because the configuration binder appends to a pre-filled list.)
    /// </summary>
    public string[]? Keywords { get; set; }

    /// <summary>Negation words; unset means <see cref="DefaultNegations"/>.</summary>
    public string[]? Negations { get; set; }

    /// <summary>How long a conversation waits for a human before the bot answers again.</summary>
    [Range(1, 7 * 24 * 60)]
    public int ExpiresAfterMinutes { get; set; } = 30;

    public IReadOnlyList<string> EffectiveKeywords => Keywords is { Length: > 0 } k ? k : DefaultKeywords;

    public IReadOnlyList<string> EffectiveNegations => Negations is { } n ? n : DefaultNegations;
}
