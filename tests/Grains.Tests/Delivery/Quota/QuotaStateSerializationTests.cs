using CustomerService.Grains.Delivery.Quota;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace CustomerService.Grains.Tests.Delivery.Quota;

/// <summary>
/// The quota lives in the conversation grain's state, which the storage provider writes with Orleans'
/// System.Text.Json grain-storage serializer. That serializer is built here with its default options, as the
/// provider builds it; the silo only adds converters for grain references and endpoints, which the quota has none of.
/// </summary>
public sealed class QuotaStateSerializationTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(8));

    private readonly SystemTextJsonGrainStorageSerializer _serializer = new(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    [Fact]
    public void SerializeThenDeserialize_StateWithGrants_KeepsEveryGrant()
    {
        var state = new QuotaState
        {
            Grants =
            [
                // Zero Used and the first enum member are defaults the serializer leaves out of the JSON.
                new QuotaGrant { Kind = QuotaGrantKind.UserMessage, OpenedAt = T0, Count = 5, ExpiresAt = T0.AddHours(48), Used = 0 },
                new QuotaGrant { Kind = QuotaGrantKind.Interaction, OpenedAt = T0.AddMinutes(3), Count = 3, ExpiresAt = T0.AddMinutes(4), Used = 2 },
            ],
        };

        var read = Read<QuotaState>(_serializer.Serialize(state));

        Assert.Equal(state.Grants, read.Grants);
    }

    [Fact]
    public void Deserialize_StoredShape_ReadsGrants()
    {
        // The stored shape: property names as declared, the kind as its number. A rename breaks existing rows.
        var json = BinaryData.FromString("""
            { "Grants": [
              { "Kind": 1, "OpenedAt": "2026-12-04T10:00:00+08:00", "Count": 3, "ExpiresAt": "2026-12-04T10:01:00+08:00", "Used": 1 },
              { "OpenedAt": "2026-12-04T10:00:00+08:00", "Count": 5, "ExpiresAt": "2026-12-06T10:00:00+08:00" }
            ] }
            """);

        var read = Read<QuotaState>(json);

        Assert.Equal(
            [
                new QuotaGrant { Kind = QuotaGrantKind.Interaction, OpenedAt = T0, Count = 3, ExpiresAt = T0.AddMinutes(1), Used = 1 },
                new QuotaGrant { Kind = QuotaGrantKind.UserMessage, OpenedAt = T0, Count = 5, ExpiresAt = T0.AddHours(48) },
            ],
            read.Grants);
    }

    [Fact]
    public void Deserialize_StateWrittenBeforeTheQuotaExisted_StartsEmpty()
    {
        var read = Read<QuotaState>(BinaryData.FromString("{}"));

        Assert.Empty(read.Grants);
    }

    [Fact]
    public void SerializeThenDeserialize_PendingSegment_KeepsEveryProperty()
    {
        var segment = new PendingSegment { OwnerId = "msg:24681357913579", Text = "还没发完的回答 👨‍👩‍👧‍👦", IsNewAnswer = true };

        var read = Read<PendingSegment>(_serializer.Serialize(segment));

        Assert.Equal(segment, read);
    }

    private T Read<T>(BinaryData data) => _serializer.Deserialize<T>(data) ?? throw new InvalidOperationException("The JSON holds null.");
}
