using CustomerService.Grains.Knowledge;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>The shipped sample FAQ, read from the test output folder, for expected answers.</summary>
internal static class SampleFaq
{
    private static readonly Lazy<IReadOnlyList<FaqEntry>> Entries = new(() =>
        FaqCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Knowledge", "Data", "sample-faq.csv")));

    /// <summary>The answer of the entry whose question is exactly <paramref name="question"/>.</summary>
    public static string AnswerOf(string question) =>
        Entries.Value.Single(e => string.Equals(e.Question, question, StringComparison.Ordinal)).Answer;
}
