using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Conversations;

/// <summary><c>Conversations:History</c>.</summary>
public sealed class HistoryOptions
{
    /// <summary>
    /// How many exchanges (a user message and its answer) the conversation keeps as the model's context.
    /// The stored history holds at most twice this many lines; the oldest go first.
    /// </summary>
    [Range(1, 200)]
    public int MaxTurns { get; set; } = 10;
}
