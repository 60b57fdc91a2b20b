namespace CustomerService.Integration.Tests.Postgres;

/// <summary>A small state written straight through <c>IGrainStorage</c>.</summary>
[GenerateSerializer, Alias("CustomerService.Integration.Tests.Postgres.StorageTestState")]
public sealed record StorageTestState
{
    [Id(0)] public string Note { get; set; } = "";
}
