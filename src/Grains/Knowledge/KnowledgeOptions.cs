namespace CustomerService.Grains.Knowledge;

/// <summary>Settings of the FAQ knowledge base (configuration section <c>Knowledge</c>).</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>
    /// The default FAQ file (CSV with the header <c>question,answer,similar</c>). A relative path is resolved
    /// against the current directory first, then against <see cref="AppContext.BaseDirectory"/>, so that the
    /// sample shipped in the output folder is found whatever directory the host was started from. An account
    /// may name its own file instead (see <see cref="IKnowledgeBase.FindAnswer"/>).
    /// </summary>
    public string FaqFile { get; set; } = "Knowledge/Data/sample-faq.csv";

    /// <summary>
    /// The lowest match score (0 excluded, 1 included) for which an FAQ answer is returned; below it the message
    /// is left to the LLM. Measured on the sample FAQ (see <see cref="FaqIndex"/> for the score): 40 realistic
    /// phrasings of its questions scored 0.51 to 1; 30 unrelated messages scored 0; 27 messages that share a word
    /// with an FAQ question but ask something else scored 0 to 0.83, 24 of them below 0.46. 0.5 keeps every
    /// realistic phrasing and prefers leaving a borderline message to the LLM over a wrong canned answer.
    /// </summary>
    public double MinScore { get; set; } = 0.5;

    /// <summary>A folder of longer documents for retrieval. Reserved: not yet used.</summary>
    public string? DocumentsPath { get; set; }
}
