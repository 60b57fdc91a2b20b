namespace CustomerService.Grains.Tests.Storage;

[Alias("CustomerService.Grains.Tests.Storage.ISqliteTestGrain")]
public interface ISqliteTestGrain : IGrainWithStringKey
{
    [Alias("SaveNote")]
    Task<SqliteTestSnapshot> SaveNoteAsync(string note);

    [Alias("Get")]
    Task<SqliteTestSnapshot> GetAsync();

    [Alias("Clear")]
    Task<SqliteTestSnapshot> ClearAsync();

    [Alias("RequestDeactivation")]
    Task RequestDeactivationAsync();
}
