namespace CustomerService.Grains.Interfaces.Records;

/// <summary>Page sizes of the record queries.</summary>
public static class RecordPaging
{
    /// <summary>The page size when the caller names none.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxLimit = 200;

    /// <summary>True when <paramref name="limit"/> is a page size the queries accept.</summary>
    public static bool IsValidLimit(int limit) => limit is >= 1 and <= MaxLimit;
}
