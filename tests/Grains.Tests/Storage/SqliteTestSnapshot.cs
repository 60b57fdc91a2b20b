namespace CustomerService.Grains.Tests.Storage;

[GenerateSerializer]
[Immutable]
[Alias("CustomerService.Grains.Tests.Storage.SqliteTestSnapshot")]
public sealed record SqliteTestSnapshot
{
    [Id(0)]
    public string Note { get; init; } = "";

    [Id(1)]
    public int Revision { get; init; }

    [Id(2)]
    public string? ETag { get; init; }

    [Id(3)]
    public bool RecordExists { get; init; }

    // Lets a test prove that a read came from a new activation, hence from storage.
    [Id(4)]
    public Guid ActivationId { get; init; }
}
