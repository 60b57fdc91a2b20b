using CsvHelper;
using CustomerService.EndToEnd.Tests.Hosting;

namespace CustomerService.EndToEnd.Tests.Knowledge;

/// <summary>
/// Reads the FAQ the unconfigured server answers from (src/Grains/Knowledge/Data/sample-faq.csv), with CsvHelper
/// directly rather than the server's own reader, so that the expected answers do not depend on the code under test.
/// </summary>
public static class SampleFaq
{
    public static string FilePath { get; } = Path.Combine(RepositoryRoot.Path, "src", "Grains", "Knowledge", "Data", "sample-faq.csv");

    /// <summary>The answer of the entry whose question is exactly <paramref name="question"/>, with LF line ends.</summary>
    public static string AnswerTo(string question)
    {
        using var reader = new StreamReader(FilePath);
        using var csv = CsvReader.Create(reader, CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
        });
        while (csv.Read())
        {
            if (string.Equals(csv.GetString(0)?.Trim(), question, StringComparison.Ordinal))
            {
                // XML turns CRLF into LF, so a reply can only ever carry LF.
                return csv.GetString(1)!.Trim().Replace("\r\n", "\n", StringComparison.Ordinal);
            }
        }

        throw new InvalidOperationException($"The sample FAQ has no question '{question}'.");
    }
}
