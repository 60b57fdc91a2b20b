using CustomerService.Channels.Text;

namespace CustomerService.Grains.Records;

/// <summary>Makes a record row's text storable in every records store.</summary>
/// <remarks>
/// PostgreSQL's <c>text</c> refuses U+0000 (SQLSTATE 22021) and Npgsql's UTF-8 encoder refuses a lone surrogate, and
/// both can reach a row: WeChat's XML reader keeps control characters that a user typed (<c>&amp;#0;</c>), and a
/// model may answer with anything. A row the store refuses would be refused on every retry, so the text is repaired
/// once, when the row is made: each such character becomes U+FFFD, which still shows that something was there.
/// </remarks>
public static class RecordText
{
    /// <summary>The text with U+0000 and every unpaired surrogate replaced by U+FFFD; the same instance when clean.</summary>
    public static string? Storable(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var repaired = Utf16Text.ReplaceLoneSurrogates(text);
        return repaired.Contains('\0', StringComparison.Ordinal) ? repaired.Replace('\0', '\uFFFD') : repaired;
    }
}
