using CustomerService.Grains.Delivery.WeChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace CustomerService.Grains.Tests.Delivery.WeChat;

/// <summary>The persisted state round-trips through the storage serializer the SQLite provider uses.</summary>
[Collection(AccessTokenClusterCollection.Name)]
public sealed class AccessTokenStateTests(AccessTokenClusterFixture fixture)
{
    [Fact]
    public void SerializeThenDeserialize_FullyPopulatedState_KeepsEveryProperty()
    {
        var state = new AccessTokenState
        {
            LastForceRefreshAt = new DateTimeOffset(2026, 12, 1, 23, 59, 30, TimeSpan.FromHours(8)),
            ForceRefreshDay = new DateOnly(2026, 12, 1),
            ForceRefreshesToday = 7,
            ConfigurationErrorCode = 40164,
            ConfigurationErrorMessage = "invalid ip 1.2.3.4, not in whitelist rid: 1-2-3",
            ConfigurationErrorAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero),
        };
        Assert.All(typeof(AccessTokenState).GetProperties(), p => Assert.NotNull(p.GetValue(state)));
        var serializer = new SystemTextJsonGrainStorageSerializer(
            fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IOptions<SystemTextJsonGrainStorageSerializerOptions>>());

        var read = serializer.Deserialize<AccessTokenState>(serializer.Serialize(state));

        Assert.Equal(state, read);
    }
}
