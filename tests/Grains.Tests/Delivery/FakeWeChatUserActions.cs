using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Simulator.WeChat.Api;

namespace CustomerService.Grains.Tests.Delivery;

/// <summary>What a WeChat user does and receives, on the fake platform, for the delivery fixtures.</summary>
internal static class FakeWeChatUserActions
{
    /// <summary>What WeChat does when the user writes: opens the user's 48 h grant, then pushes to us.</summary>
    public static Task<RecordOutcome> UserWritesAsync(this FakeWeChatApiServer weChat, IConversationGrain grain, ConversationKey key, InboundMessage message)
    {
        weChat.RecordUserMessage(key.Account, key.User);
        return grain.RecordInboundAsync(message);
    }

    /// <summary>The texts WeChat accepted for this user of this account, in order.</summary>
    public static IReadOnlyList<string> SentTo(this FakeWeChatApiServer weChat, ConversationKey key) =>
        [.. weChat.SentMessages.Where(m => m.OpenId == key.User && m.AppId == key.Account).OrderBy(m => m.Sequence).Select(m => m.Text)];

    /// <summary>Waits, event-driven, until WeChat has accepted <paramref name="count"/> messages for this user.</summary>
    public static Task WaitForSentAsync(this FakeWeChatApiServer weChat, ConversationKey key, int count) =>
        weChat.WaitForSentAsync(
            all => all.Count(m => m.OpenId == key.User && m.AppId == key.Account) >= count,
            TimeSpan.FromSeconds(30),
            TestContext.Current.CancellationToken);
}
