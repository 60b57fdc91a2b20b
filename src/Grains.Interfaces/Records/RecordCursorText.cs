using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace CustomerService.Grains.Interfaces.Records;

/// <summary>
/// The opaque text form shared by the paging cursors: base64url of <c>tag \n unix-microseconds \n tie-breaker</c>.
/// Opaque so that clients pass it back as it is and never build one; strict on the way in, so that a cursor of the
/// other list, a truncated one or a hand-edited one is refused rather than read as a different position.
/// </summary>
internal static class RecordCursorText
{
    private const char Separator = '\n';
    private const int MaxLength = 2048;

    public static string Format(string tag, DateTimeOffset at, string tieBreaker)
    {
        var text = string.Join(
            Separator,
            tag,
            ToUnixMicroseconds(at).ToString(CultureInfo.InvariantCulture),
            tieBreaker);
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));
    }

    public static bool TryParse(string? value, string tag, out DateTimeOffset at, out string tieBreaker)
    {
        at = default;
        tieBreaker = string.Empty;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !Base64Url.IsValid(value))
        {
            return false;
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)
                .GetString(Base64Url.DecodeFromChars(value));
        }
        catch (FormatException)
        {
            return false;
        }
        catch (ArgumentException)
        {
            return false;
        }

        var parts = text.Split(Separator);
        if (parts.Length != 3
            || !string.Equals(parts[0], tag, StringComparison.Ordinal)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var micros)
            || micros < MinMicros || micros > MaxMicros
            || parts[2].Length == 0)
        {
            return false;
        }

        at = DateTimeOffset.UnixEpoch.AddTicks(micros * TimeSpan.TicksPerMicrosecond);
        tieBreaker = parts[2];
        return true;
    }

    /// <summary>Stores keep times to the microsecond (PostgreSQL's precision), so cursors do too.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset at) =>
        (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private static long MinMicros => ToUnixMicroseconds(DateTimeOffset.MinValue);

    private static long MaxMicros => ToUnixMicroseconds(DateTimeOffset.MaxValue);
}
