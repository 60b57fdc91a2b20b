using CustomerService.Grains.Delivery;
using CustomerService.Grains.Delivery.Quota;
using CustomerService.Grains.Interfaces.Delivery;
using CustomerService.Grains.Interfaces.Records;
using CustomerService.Grains.Records;
using System.Collections;
using System.Reflection;
using System.Text.Json;
using CustomerService.Grains.Conversations;
using CustomerService.Grains.Hosting;
using CustomerService.Grains.Interfaces.Conversations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace CustomerService.Grains.Tests.Conversations;

/// <summary>
/// State written with the System.Text.Json serializer by an earlier shape of the state type still reads, and the
/// current shape round-trips. The serializer is built exactly as the SQLite provider builds it, from the options of
/// a running silo (which carry Orleans' converters).
/// </summary>
public sealed class ConversationStateCompatibilityTests(SqliteConversationCluster fixture) : IClassFixture<SqliteConversationCluster>
{
    // The state name in ConversationGrain's [PersistentState]; the row key is this name plus the grain id.
    private const string StateName = "conversation";
    private const string V1Question = "什么时候发货";
    private const string V1Answer = "第一版存下的回答：付款后 48 小时内发货。";

    private static readonly DateTimeOffset V1At = new(2026, 12, 1, 15, 59, 58, TimeSpan.FromHours(8));

    [Fact]
    public void Deserialize_FirstShapeOfTheState_ReadsEveryFieldItHad()
    {
        var state = ReadV1State();

        Assert.Equal(
            [
                new ChatTurn { Role = ChatRole.User, Text = V1Question, At = V1At },
                new ChatTurn { Role = ChatRole.Assistant, Text = V1Answer, At = V1At },
            ],
            state.History);
        Assert.Equal(
            [
                new MessageRecord
                {
                    DedupId = "msg:v1-0001",
                    Kind = InboundKind.Text,
                    Text = V1Question,
                    Status = MessageStatus.Answered,
                    Attempts = 1,
                    FirstReceivedAt = V1At,
                    LastReceivedAt = V1At,
                    Answer = V1Answer,
                    AnswerSource = "faq",
                },
                new MessageRecord
                {
                    DedupId = "event:v1-location",
                    Kind = InboundKind.LocationReport,
                    Status = MessageStatus.Acknowledged,
                    Attempts = 1,
                    FirstReceivedAt = V1At.AddSeconds(1),
                    LastReceivedAt = V1At.AddSeconds(1),
                    AnswerSource = "locationreport",
                },
            ],
            state.Messages);
        Assert.Equal(V1At, state.LastUserMessageAt);
        Assert.False(state.Unsubscribed);
    }

    [Fact]
    public void Deserialize_FirstShapeOfTheState_GivesTheLaterFieldsTheirDefaults()
    {
        var state = ReadV1State();

        Assert.Null(state.LastEventAt);
        Assert.Null(state.Handoff);
        Assert.Equal(new RateLimitState { Tokens = 0, UpdatedAt = null }, state.RateLimit);
        Assert.All(state.Messages, m => Assert.Equal(
            (null, null, null, null, 0),
            (m.AnsweredAt, m.DeliveredText, m.DeliveredAt, m.PlatformMessageId, m.LateSentLength)));
    }

    [Fact]
    public async Task Activation_RowInTheFirstShape_RetryOfAStoredPushGetsTheStoredAnswer()
    {
        var grain = fixture.Conversation(SqliteConversationCluster.NewKey());
        using var v1 = JsonDocument.Parse(ReadV1());
        await Storage().WriteStateAsync(StateName, grain.GetGrainId(), new GrainState<JsonElement>(v1.RootElement));

        var retry = await grain.RecordInboundAsync(Pushes.Text(V1Question, "msg:v1-0001"));
        var reply = await grain.ClaimPassiveReplyAsync("msg:v1-0001");

        Assert.Equal((2, true), (retry.Attempt, retry.AnswerReady));
        Assert.Equal(PassiveReply.WithText(V1Answer), reply);
    }

    [Fact]
    public void SerializeThenDeserialize_FullyPopulatedState_KeepsEveryProperty()
    {
        var state = FullyPopulatedState();
        AssertEveryPropertySet(state);
        AssertEveryPropertySet(state.Messages.Single());
        AssertEveryPropertySet(state.Handoff!);
        AssertEveryPropertySet(state.RateLimit);
        AssertEveryPropertySet(state.Messages.Single().InFlight!);
        AssertEveryPropertySet(state.Quota.Grants.Single());
        AssertEveryPropertySet(state.PendingRecords.Single());
        var serializer = Serializer();

        var read = serializer.Deserialize<ConversationState>(serializer.Serialize(state));

        Assert.Equivalent(state, read, strict: true);
    }

    private ConversationState ReadV1State() =>
        Serializer().Deserialize<ConversationState>(ReadV1()) ?? throw new InvalidOperationException("The v1 file holds null.");

    private static BinaryData ReadV1() =>
        BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Conversations", "Data", "conversation-state-v1.json")));

    private SystemTextJsonGrainStorageSerializer Serializer() =>
        new(fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IOptions<SystemTextJsonGrainStorageSerializerOptions>>());

    private IGrainStorage Storage() =>
        fixture.Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(StorageNames.GrainState);

    private static ConversationState FullyPopulatedState()
    {
        var at = new DateTimeOffset(2026, 12, 1, 16, 0, 0, TimeSpan.FromHours(8));
        const string question = "怎么退货？😀";
        const string answer = "请在订单页申请退货，\"七天无理由\"。";
        return new ConversationState
        {
            History =
            [
                new ChatTurn { Role = ChatRole.User, Text = question, At = at },
                new ChatTurn { Role = ChatRole.Assistant, Text = answer, At = at.AddSeconds(12) },
            ],
            Messages =
            [
                new MessageRecord
                {
                    DedupId = "msg:24681357913579",
                    Kind = InboundKind.Voice,
                    Text = question,
                    Status = MessageStatus.LateDelivered,
                    Attempts = 3,
                    FirstReceivedAt = at,
                    LastReceivedAt = at.AddSeconds(10),
                    Answer = answer,
                    AnswerSource = "llm",
                    AnsweredAt = at.AddSeconds(12),
                    DeliveredText = answer + "\n\n——\n好的",
                    DeliveredAt = at.AddSeconds(40),
                    PlatformMessageId = "24681357913579",
                    LateSentLength = answer.Length,
                    Path = DeliveryPath.Push,
                    Delivery = DeliveryState.InDoubt,
                    DeliveryReason = "a part may not have arrived: InDoubt",
                    InFlight = new OutboundChunk { Text = answer, End = answer.Length, StartedAt = at.AddSeconds(13) },
                    PossiblyDuplicated = true,
                    SendFailures = 2,
                    ReportedDelivery = DeliveryState.Held,
                    MaxPartBytes = 1024,
                    HeldAt = at.AddSeconds(14),
                    PartInDoubt = true,
                    TransferToHuman = true,
                    InboundRecorded = true,
                    RecordedOutbound = "3|1|a part may not have arrived: InDoubt",
                    PassiveHolds = 2,
                    ResumesOnItsOwn = true,
                    HistoryQuestion = question,
                    MergedInto = "msg:24681357913500",
                    DroppedByUnsubscribe = true,
                },
            ],
            LastUserMessageAt = at.AddSeconds(40),
            LastEventAt = at.AddMinutes(-5),
            Unsubscribed = true,
            Handoff = new HandoffState
            {
                WaitingSince = at.AddMinutes(1),
                NoticeSent = true,
                SessionOpenedAt = at.AddMinutes(2),
                Agent = "kf2001@gh_demo",
                LastSessionEventAt = at.AddMinutes(3),
            },
            RateLimit = new RateLimitState { Tokens = 3.25, UpdatedAt = at.AddSeconds(40) },
            Quota = new QuotaState
            {
                Grants =
                [
                    new QuotaGrant { Kind = QuotaGrantKind.Interaction, OpenedAt = at, Count = 3, ExpiresAt = at.AddMinutes(1), Used = 1 },
                ],
            },
            PendingRecords =
            [
                new ConversationRecord
                {
                    Revision = 7,
                    Direction = RecordDirection.Outbound,
                    MessageId = "24681357913579",
                    Kind = "llm",
                    Text = answer,
                    At = at.AddSeconds(12),
                    UpdatedAt = at.AddSeconds(40),
                    DeliveryState = RecordDeliveryState.LateDelivered,
                    DeliveryReason = "the late answer went out in front of the reply to a later message",
                },
            ],
            RecordRevision = 7,
        };
    }

    // A property added later and left out of the sample would round-trip as its default on both sides and prove
    // nothing; this makes the sample grow with the type.
    private static void AssertEveryPropertySet(object instance)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var value = property.GetValue(instance);
            var unset = value is null
                || value is ICollection { Count: 0 }
                || (property.PropertyType.IsValueType && value.Equals(Activator.CreateInstance(property.PropertyType)));
            Assert.False(unset, $"{instance.GetType().Name}.{property.Name} is not set in the sample, so the round trip does not cover it.");
        }
    }
}
