namespace CustomerService.Grains.Knowledge;

/// <summary>Answers user questions from an FAQ file.</summary>
/// <remarks>
/// Synchronous on purpose: files are loaded once and matching is in memory, so a <see cref="ValueTask"/> would
/// only add ceremony to every caller.
/// </remarks>
public interface IKnowledgeBase
{
    /// <summary>
    /// The FAQ answer for <paramref name="question"/>, or null when no FAQ entry matches well enough
    /// (<see cref="KnowledgeOptions.MinScore"/>).
    /// </summary>
    /// <param name="question">The user's message.</param>
    /// <param name="faqFileOverride">An account's own FAQ file; null or blank for <see cref="KnowledgeOptions.FaqFile"/>.</param>
    /// <exception cref="FileNotFoundException">The FAQ file does not exist.</exception>
    /// <exception cref="FaqFormatException">The FAQ file is invalid.</exception>
    KnowledgeAnswer? FindAnswer(string question, string? faqFileOverride);

    /// <summary>
    /// Loads and indexes an FAQ file now, so that a missing or broken file stops the host at startup instead of
    /// failing the first user message. Call it for the default file and for every account's override.
    /// </summary>
    /// <param name="faqFileOverride">An account's own FAQ file; null or blank for <see cref="KnowledgeOptions.FaqFile"/>.</param>
    /// <returns>The number of entries in the file, for the startup log.</returns>
    /// <exception cref="FileNotFoundException">The FAQ file does not exist.</exception>
    /// <exception cref="FaqFormatException">The FAQ file is invalid.</exception>
    int Preload(string? faqFileOverride);
}
