using CsvHelper;

namespace CustomerService.Simulator.Knowledge;

/// <summary>
/// Reads an FAQ CSV (<c>question,answer,similar</c>) on the platform-user side: the questions a simulated user asks
/// and the answers that count as FAQ hits. Independent of the server's own FAQ reader, so that tests comparing
/// replies with these answers do not depend on the code under test.
/// </summary>
public static class FaqFile
{
    /// <summary>One row, answer with LF line ends (XML turns CRLF into LF, so a reply can only carry LF).</summary>
    public sealed record Row(string Question, string Answer, IReadOnlyList<string> Similar);

    public static IReadOnlyList<Row> Read(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = CsvReader.Create(reader, CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            DetectSeparatorHint = false,
        });
        var rows = new List<Row>();
        while (csv.Read())
        {
            rows.Add(new Row(
                csv.GetString(0)!.Trim(),
                NormalizeLineEnds(csv.GetString(1)!),
                (csv.GetString(2) ?? string.Empty).Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }

        return rows;
    }

    public static string NormalizeLineEnds(string text) =>
        text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
