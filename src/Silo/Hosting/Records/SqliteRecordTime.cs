using System.Globalization;

namespace CustomerService.Silo.Hosting.Records;

/// <summary>
/// Times in the SQLite records file: UTC text in one fixed format with microseconds (PostgreSQL's precision), so that
/// text order is time order. Grain storage writes its <c>modified_at</c> with milliseconds (strftime's <c>%f</c>).
/// </summary>
internal static class SqliteRecordTime
{
    private const string RecordFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
    private const string GrainStateFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset at) =>
        Truncate(at).UtcDateTime.ToString(RecordFormat, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, RecordFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static string FormatGrainState(DateTimeOffset at) =>
        at.UtcDateTime.ToString(GrainStateFormat, CultureInfo.InvariantCulture);

    /// <summary>To the microsecond, as both stores keep times.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
}
