namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>The test classes that share the fake-dispatcher host; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class FakeDispatcherCollectionDefinition : ICollectionFixture<FakeDispatcherFixture>
{
    public const string Name = "Ingress with a fake dispatcher";
}
