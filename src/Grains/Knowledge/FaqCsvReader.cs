using System.Text;
using CsvHelper;

namespace CustomerService.Grains.Knowledge;

/// <summary>
/// Reads FAQ files: RFC 4180 CSV in UTF-8 (with or without a byte order mark), comma-separated, with the header
/// <c>question,answer,similar</c>.
/// </summary>
/// <remarks>
/// <para>
/// The header must be exactly those three columns in that order; names are matched ignoring case and surrounding
/// spaces. Extra columns are rejected rather than ignored: a misspelt or added column (say <c>similiar</c> or a
/// <c>category</c>) would otherwise vanish silently, and the file is only read at startup, where failing is cheap.
/// </para>
/// <para>
/// Every record must have three fields. <c>similar</c> holds alternative phrasings separated by <c>|</c>; each is
/// trimmed and empty ones are dropped. Question and answer are trimmed and must not be empty. Line breaks inside
/// an answer become <c>\n</c>, so that the answer does not depend on the editor that saved the file. Records whose
/// fields are all empty (the <c>,,</c> rows that spreadsheet exports leave at the end) and empty lines are skipped.
/// Quoting must follow RFC 4180: a quote inside an unquoted field is an error, not text.
/// </para>
/// </remarks>
public static class FaqCsvReader
{
    private const int FieldCount = 3;
    private const char SimilarSeparator = '|';

    private static readonly string[] ExpectedHeader = ["question", "answer", "similar"];

    // The separator is fixed: CsvHelper would otherwise detect it from the first lines, and the '|' of the
    // similar column could win. A "sep=" line is not part of the format either.
    private static readonly CsvReaderOptions CsvOptions = CsvReaderOptions.Default with
    {
        Separator = ',',
        HasHeader = true,
        Mode = CsvMode.Rfc4180,
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        DetectSeparatorHint = false,
    };

    /// <summary>Reads and validates an FAQ file.</summary>
    /// <exception cref="FaqFormatException">The file is not a valid FAQ file.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<FaqEntry> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);

        // Strict UTF-8: a spreadsheet saved as GBK (the default of Excel on Chinese Windows) must fail loudly
        // instead of producing questions made of replacement characters that never match.
        using var reader = new StreamReader(
            path,
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            detectEncodingFromByteOrderMarks: true);
        return Read(reader, path);
    }

    /// <summary>Reads and validates FAQ text.</summary>
    /// <param name="reader">The CSV text. It is not disposed.</param>
    /// <param name="sourceName">Names the source in error messages, usually the file path.</param>
    /// <exception cref="FaqFormatException">The text is not a valid FAQ file.</exception>
    public static IReadOnlyList<FaqEntry> Read(TextReader reader, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(sourceName);

        try
        {
            using var csv = CsvReader.Create(reader, CsvOptions, leaveOpen: true);
            CheckHeader(csv.Headers, sourceName);

            var entries = new List<FaqEntry>();
            while (csv.Read())
            {
                if (ReadEntry(csv, sourceName) is { } entry)
                {
                    entries.Add(entry);
                }
            }

            return entries;
        }
        catch (CsvFormatException exception)
        {
            throw new FaqFormatException(
                sourceName,
                exception.LineNumber > 0 ? exception.LineNumber : null,
                "malformed CSV (" + exception.Message + ")",
                exception);
        }
        catch (DecoderFallbackException exception)
        {
            throw new FaqFormatException(sourceName, null, "the file is not valid UTF-8; save it as UTF-8.", exception);
        }
    }

    private static void CheckHeader(IReadOnlyList<string> header, string sourceName)
    {
        var matches = header.Count == ExpectedHeader.Length;
        for (var i = 0; matches && i < header.Count; i++)
        {
            matches = string.Equals(header[i].Trim().TrimStart('\uFEFF'), ExpectedHeader[i], StringComparison.OrdinalIgnoreCase);
        }

        if (!matches)
        {
            var found = header.Count == 0 ? "an empty file" : "'" + string.Join(',', header) + "'";
            throw new FaqFormatException(sourceName, 1, $"the header must be '{string.Join(',', ExpectedHeader)}', found {found}.");
        }
    }

    private static FaqEntry? ReadEntry(CsvReader csv, string sourceName)
    {
        var fields = new string[csv.FieldCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = (csv.GetString(i) ?? string.Empty).Trim();
        }

        if (fields.All(field => field.Length == 0))
        {
            return null;
        }

        var line = csv.LineNumber;
        if (fields.Length != FieldCount)
        {
            throw new FaqFormatException(
                sourceName,
                line,
                $"expected {FieldCount} fields (question,answer,similar), found {fields.Length}.");
        }

        var question = fields[0];
        var answer = NormalizeLineBreaks(fields[1]);
        if (question.Length == 0)
        {
            throw new FaqFormatException(sourceName, line, "the question is empty.");
        }

        if (answer.Length == 0)
        {
            throw new FaqFormatException(sourceName, line, "the answer is empty.");
        }

        // Such a question could never be matched; better to say so at startup than to wonder later.
        if (FaqTokenizer.Tokenize(question).Count == 0)
        {
            throw new FaqFormatException(
                sourceName,
                line,
                "the question has nothing to match: only punctuation or function words such as 怎么 and 吗.");
        }

        var similar = fields[2].Split(
            SimilarSeparator,
            StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

        return new FaqEntry { Question = question, Answer = answer, Similar = similar };
    }

    private static string NormalizeLineBreaks(string text) =>
        text.Contains('\r', StringComparison.Ordinal)
            ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n')
            : text;
}
