using CustomerService.Grains.Interfaces.Conversations;
using CustomerService.Grains.Interfaces.Delivery;
using Microsoft.Extensions.Logging;

namespace CustomerService.Grains.Conversations;

/// <summary>
/// The conversation's two durable reminders. The outbox reminder ticks often (<c>Conversations:Outbox:ReminderPeriodSeconds</c>)
/// while work could be lost in a crash: an answer to generate, a part to send, counts to confirm. The held-expiry
/// reminder is due when the oldest held reply reaches <c>HeldReplyMaxAgeHours</c>, so that it expires on time (and the
/// counts move) without waiting for the user's next message, and without waking the conversation every few seconds
/// for the days a reply may be held.
/// </summary>
internal sealed class ConversationReminders(Grain grain, Func<ConversationState> state, ConversationOptions options, ConversationClock clock, ILogger logger)
{
    public const string Outbox = "outbox";
    public const string HeldExpiry = "held-expiry";

    // A safety net only: after each tick the reminder is moved to the next expiry, or removed.
    private static readonly TimeSpan HeldExpiryPeriod = TimeSpan.FromHours(1);

    private bool _outboxRegistered;
    private DateTimeOffset? _heldExpiryDue;

    public void OnOutboxTick() => _outboxRegistered = true;

    public async Task EnsureOutboxAsync(ConversationKey key)
    {
        if (_outboxRegistered)
        {
            return;
        }

        var period = TimeSpan.FromSeconds(options.Outbox.ReminderPeriodSeconds);
        try
        {
            await grain.RegisterOrUpdateReminder(Outbox, period, period);
            _outboxRegistered = true;
        }
#pragma warning disable CA1031 // The push is already durable: a missing reminder only delays recovery to the next message or activation.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Conversation {Key}: the outbox reminder could not be registered; unfinished work resumes on the next message or activation instead", key);
        }
    }

    public async Task RemoveOutboxAsync()
    {
        if (await grain.GetReminder(Outbox) is { } reminder)
        {
            await grain.UnregisterReminder(reminder);
        }

        _outboxRegistered = false;
    }

    /// <summary>
    /// Keeps the held-expiry reminder due at the earliest expiry of a held reply, or removes it when none is held.
    /// Cheap when nothing changed: it registers only when that instant moves.
    /// </summary>
    public async Task ScheduleHeldExpiryAsync(ConversationKey key, TimeSpan heldMaxAge, bool force = false)
    {
        var expiries = state().Messages
            .Where(m => m is { Delivery: DeliveryState.Held, InFlight: null, HeldAt: not null })
            .Select(m => m.HeldAt!.Value + heldMaxAge)
            .ToList();
        try
        {
            if (expiries.Count == 0)
            {
                if (_heldExpiryDue is not null || force)
                {
                    if (await grain.GetReminder(HeldExpiry) is { } reminder)
                    {
                        await grain.UnregisterReminder(reminder);
                    }

                    _heldExpiryDue = null;
                }

                return;
            }

            var earliest = expiries.Min();
            if (earliest == _heldExpiryDue && !force)
            {
                return;
            }

            var due = earliest - clock.UtcNow;
            await grain.RegisterOrUpdateReminder(HeldExpiry, due > TimeSpan.Zero ? due : TimeSpan.Zero, HeldExpiryPeriod);
            _heldExpiryDue = earliest;
        }
#pragma warning disable CA1031 // A held reply still expires on the user's next message; only the timing suffers.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning("Conversation {Key}: the held-expiry reminder could not be updated ({ErrorType}); held replies expire with the next message instead", key, ex.GetType().Name);
        }
    }
}
