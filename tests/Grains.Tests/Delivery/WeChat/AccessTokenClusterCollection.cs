namespace CustomerService.Grains.Tests.Delivery.WeChat;

/// <summary>The token-authority tests share one two-silo cluster and one fake WeChat API, and run one at a time.</summary>
[CollectionDefinition(Name)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xunit's collection-definition naming.")]
public sealed class AccessTokenClusterCollection : ICollectionFixture<AccessTokenClusterFixture>
{
    public const string Name = "access-token-cluster";
}
