namespace CustomerService.Silo.Hosting.Storage;

/// <summary>Constants of the SQLite storage of the embedded default.</summary>
public static class SqliteStorage
{
    /// <summary>
    /// The ADO.NET invariant Orleans maps to Microsoft.Data.Sqlite. Orleans resolves it from its own table, by loading
    /// the "Microsoft.Data.Sqlite" assembly and reading <c>SqliteFactory.Instance</c>, not through
    /// <c>DbProviderFactories</c>, so nothing has to be registered; the silo only has to ship that assembly.
    /// "Microsoft.Data.Sqlite" is not a known invariant and stops the silo at start.
    /// </summary>
    public const string Invariant = "System.Data.SQLite";

    /// <summary>How long a write of Orleans' providers waits for another connection's write lock before it fails.</summary>
    public const int BusyTimeoutMilliseconds = 10_000;
}
