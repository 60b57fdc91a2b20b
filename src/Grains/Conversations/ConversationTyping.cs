using CustomerService.Grains.Delivery;
using CustomerService.Grains.Interfaces.Conversations;
using Microsoft.Extensions.Logging;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// The typing indicator while a slow answer is generated: never in passive mode (the grain does not start it there),
/// never on the ack path, its errors never in the ledger nor in the account's state. In Auto mode with the capability
/// unknown it is also the probe: it needs the same permission and token as custom/send and is not a message. So the
/// account hears only what typing proves about those: a success (capable), or a refusal of the API (48001, 48004,
/// 40164) or of the account's token (a configuration error of the token endpoint), which bar custom/send alike
/// (passive only).
/// </summary>
/// <remarks>
/// WeChat's indicator lasts 15 s, cannot be sent again while it shows (45081), and needs an interaction within the last
/// 30 s (45080) (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html#客服输入状态):
/// so it is sent once at receipt, and once more after 15 s only while the message is under 30 s old and its answer
/// is still being generated.
/// </remarks>
internal sealed class ConversationTyping(
    IReplyTransport transport,
    ConversationKey key,
    ConversationClock clock,
    Func<SendOutcome, Task> reportToAccount,
    Func<string, DateTimeOffset?> generatingSince,
    ILogger logger)
{
    private static readonly TimeSpan Lasts = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan NeedsInteractionWithin = TimeSpan.FromSeconds(30);

    /// <summary>Starts the indicator for the message <paramref name="dedupId"/>, detached from the caller.</summary>
    public void Start(string dedupId) => _ = RunAsync(dedupId);

    private async Task RunAsync(string dedupId)
    {
        try
        {
            var outcome = await transport.SendTypingAsync(key, CancellationToken.None);
            if (IsEvidenceOfThePermission(outcome))
            {
                await reportToAccount(outcome);
            }

            if (outcome.Kind != SendOutcomeKind.Sent)
            {
                return;
            }

            await Task.Delay(Lasts, clock.Time);
            if (generatingSince(dedupId) is not { } since || clock.UtcNow - since >= NeedsInteractionWithin)
            {
                return;
            }

            await transport.SendTypingAsync(key, CancellationToken.None);
        }
#pragma warning disable CA1031 // A typing indicator is a courtesy: nothing about it may fail the conversation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogDebug(ex, "Conversation {Key}: typing indicator failed", key);
        }
    }

    // Everything else stays here. WeChat counts each API's calls on its own
    // (https://developers.weixin.qq.com/doc/offiaccount/Message_Management/API_Call_Limits.html): a 45009 or 45011 on
    // custom/typing says nothing about custom/send, and reported, it would pause every send of the account. The
    // indicator's own rules (45080, 45081), an outage and any other error are not the account's either.
    private static bool IsEvidenceOfThePermission(SendOutcome outcome) =>
        outcome.Kind is SendOutcomeKind.Sent or SendOutcomeKind.AccountPassiveOnly;
}
