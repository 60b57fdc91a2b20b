namespace CustomerService.Grains.Tests.Storage;

[GenerateSerializer]
[Alias("CustomerService.Grains.Tests.Storage.SqliteTestState")]
public sealed record SqliteTestState
{
    [Id(0)]
    public string Note { get; init; } = "";

    [Id(1)]
    public int Revision { get; init; }
}
