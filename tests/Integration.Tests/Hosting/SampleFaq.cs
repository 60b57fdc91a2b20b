using CustomerService.Grains.Knowledge;

namespace CustomerService.Integration.Tests.Hosting;

/// <summary>The shipped sample FAQ (copied to the test output by the Grains project), for questions and their answers.</summary>
public static class SampleFaq
{
    private static readonly Lazy<IReadOnlyList<FaqEntry>> Entries = new(() =>
        FaqCsvReader.ReadFile(Path.Combine(AppContext.BaseDirectory, "Knowledge", "Data", "sample-faq.csv")));

    /// <summary>The first <paramref name="count"/> questions of the file, exactly as written there.</summary>
    public static IReadOnlyList<string> Questions(int count) => [.. Entries.Value.Take(count).Select(e => e.Question)];

    public static string AnswerOf(string question) =>
        Entries.Value.Single(e => string.Equals(e.Question, question, StringComparison.Ordinal)).Answer;
}
