using CustomerService.Simulator.Knowledge;

namespace CustomerService.IngressApi.Tests.Knowledge;

/// <summary>
/// The shipped sample FAQ from the test output (Grains copies it to Knowledge/Data/ of every project that
/// references it), read with the simulator's reader rather than the server's, so that the expected answers do not
/// depend on the code under test.
/// </summary>
public static class SampleFaq
{
    public static string FilePath { get; } = Path.Combine(AppContext.BaseDirectory, "Knowledge", "Data", "sample-faq.csv");

    /// <summary>The answer of the entry whose question is exactly <paramref name="question"/>, with LF line ends.</summary>
    public static string AnswerTo(string question)
    {
        Assert.True(File.Exists(FilePath), $"The sample FAQ is not in the test output: {FilePath}");
        return FaqFile.Read(FilePath).Single(r => string.Equals(r.Question, question, StringComparison.Ordinal)).Answer;
    }
}
