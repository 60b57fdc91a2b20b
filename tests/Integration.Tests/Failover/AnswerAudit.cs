using System.Globalization;

namespace CustomerService.Integration.Tests.Failover;

/// <summary>
/// Checks every user's replies against the passive-reply contract (README, "The 5-second contract"): each message
/// gets exactly one reply, which is either its answer or, on WeChat's last attempt, the "still working" text; a late
/// answer is placed, with the separator, in front of the reply to the user's next message (or, when that reply is
/// itself "still working" before the late answer exists, in front of the first reply after it). Nothing else may
/// appear: so every answer reaches its user exactly once. It also counts what WeChat saw: HTTP statuses and attempts.
/// </summary>
public sealed class AnswerAudit
{
    private AnswerAudit()
    {
    }

    public int Messages { get; private init; }

    /// <summary>Messages whose reply was their answer.</summary>
    public int AnsweredInTime { get; private init; }

    /// <summary>Messages answered with the "still working" text, whose answer came in front of a later reply.</summary>
    public int AnsweredLate { get; private init; }

    /// <summary>Messages whose answer never reached the user.</summary>
    public int Lost { get; private init; }

    /// <summary>Messages whose answer reached the user more than once.</summary>
    public int Duplicated { get; private init; }

    /// <summary>Responses with a 5xx status, over every attempt.</summary>
    public int ServerErrors { get; private init; }

    /// <summary>Attempts that WeChat gave up on (held with no response until its 5 s passed, or dropped).</summary>
    public int UnansweredAttempts { get; private init; }

    /// <summary>Every deviation from the contract, described for the failure message.</summary>
    public IReadOnlyList<string> Problems { get; private init; } = [];

    public static AnswerAudit Of(IReadOnlyList<TrackedExchange> exchanges, string stillWorking, string separator)
    {
        ArgumentNullException.ThrowIfNull(exchanges);
        var problems = new List<string>();
        int inTime = 0, late = 0, lost = 0, duplicated = 0;
        foreach (var user in exchanges.GroupBy(e => e.User).OrderBy(g => g.Key))
        {
            var ordered = user.OrderBy(e => e.Number).ToList();
            CheckSequence(ordered, stillWorking, separator, problems, ref inTime, ref late);

            // Independently of the sequence: each answer must occur in exactly one reply of its user.
            var replies = ordered.Select(e => e.Exchange.ReplyText ?? "").ToList();
            foreach (var exchange in ordered)
            {
                var occurrences = replies.Sum(r => Occurrences(r, exchange.Answer));
                if (occurrences == 0)
                {
                    lost++;
                }
                else if (occurrences > 1)
                {
                    duplicated++;
                    problems.Add($"answered {occurrences} times: {exchange.Describe()}");
                }
            }
        }

        var attempts = exchanges.SelectMany(e => e.Exchange.Attempts).ToList();
        foreach (var odd in exchanges.Where(e => e.Exchange.Attempts.Any(a => a.StatusCode is { } s && s != 200)))
        {
            problems.Add($"a response other than 200: {odd.Describe()}");
        }

        return new AnswerAudit
        {
            Messages = exchanges.Count,
            AnsweredInTime = inTime,
            AnsweredLate = late,
            Lost = lost,
            Duplicated = duplicated,
            ServerErrors = attempts.Count(a => a.StatusCode >= 500),
            UnansweredAttempts = attempts.Count(a => a.StatusCode is null),
            Problems = problems,
        };
    }

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"messages={Messages} answered_in_time={AnsweredInTime} still_working_then_late_answer={AnsweredLate} lost={Lost} " +
        $"duplicated={Duplicated} http_5xx={ServerErrors} attempts_without_response={UnansweredAttempts}");

    private static void CheckSequence(List<TrackedExchange> ordered, string stillWorking, string separator, List<string> problems, ref int inTime, ref int late)
    {
        // Answers due in front of a coming reply, oldest first.
        var due = new List<TrackedExchange>();
        foreach (var exchange in ordered)
        {
            if (exchange.Exchange.ReplyText is not { } reply)
            {
                problems.Add($"no reply: {exchange.Describe()}");
                continue;
            }

            // Late answers come first, oldest first, each followed by the separator.
            var placed = 0;
            var rest = reply;
            while (placed < due.Count && rest.StartsWith(due[placed].Answer + separator, StringComparison.Ordinal))
            {
                rest = rest[(due[placed].Answer.Length + separator.Length)..];
                placed++;
            }

            if (string.Equals(rest, exchange.Answer, StringComparison.Ordinal))
            {
                // Generation is serial per conversation, so every earlier answer exists once this one does: all due
                // late answers must be in front of it.
                if (placed < due.Count)
                {
                    problems.Add($"late answer of message {due[placed].Number} missing in front of the reply to {exchange.Describe()}");
                }

                inTime++;
                due.Clear();
            }
            else if (string.Equals(rest, stillWorking, StringComparison.Ordinal))
            {
                due.RemoveRange(0, placed);
                due.Add(exchange);
            }
            else
            {
                problems.Add($"unexpected reply (expected {(due.Count > 0 ? "late answers, then " : "")}the answer or the still-working text): {exchange.Describe()}");
            }
        }

        foreach (var missing in due)
        {
            problems.Add($"\"still working\", and the late answer never arrived: {missing.Describe()}");
        }

        late += ordered.Count(e => e.Exchange.ReplyText is { } r && r.EndsWith(stillWorking, StringComparison.Ordinal));
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
