using System.Diagnostics;
using System.Globalization;
using CustomerService.Channels.WeChat;
using CustomerService.Integration.Tests.Cluster;
using CustomerService.Simulator.WeChat;

namespace CustomerService.Integration.Tests.Failover;

/// <summary>
/// A steady stream of WeChat text messages from many users, through the simulator's client code (signed, encrypted,
/// 5 s per attempt, 3 attempts). Each user behaves like a person: one message every <c>period</c>, starting evenly
/// spread over the first period, and never a new message before the reply to the previous one arrived (a slow
/// exchange only delays that user's next message). So the offered rate is users ÷ period messages per second.
/// </summary>
/// <remarks>
/// Every question is unique and matches no FAQ entry, so that its answer comes from the fake model and names the
/// question: an answer can be traced to its message, and no answer is a part of another. Once <see cref="StopAsync"/>
/// is called, a user whose last reply was the "still working" text sends follow-ups (at once, up to
/// <see cref="MaxFollowUps"/>) until a reply carries the late answer; everyone else stops after the exchange in
/// progress.
/// </remarks>
public sealed class SteadyTraffic : IDisposable
{
    /// <summary>Marks a question whose answer the fake model delays beyond WeChat's passive window.</summary>
    public const string SlowMarker = "（慢）";

    public const int MaxFollowUps = 4;

    private readonly WeChatUserSimulator _wechat;
    private readonly string _stillWorking;
    private readonly string _run = Guid.NewGuid().ToString("N")[..6];
    private readonly Lock _gate = new();
    private readonly List<TrackedExchange> _completed = [];
    private readonly List<(Func<IReadOnlyList<TrackedExchange>, bool> Condition, TaskCompletionSource Met)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private long _started;
    private Task _users = Task.CompletedTask;

    public SteadyTraffic(WeChatUserSimulator wechat, int users, TimeSpan period, string stillWorking)
    {
        _wechat = wechat;
        Users = users;
        Period = period;
        _stillWorking = stillWorking;
    }

    public int Users { get; }

    public TimeSpan Period { get; }

    /// <summary>The offered rate, in messages per second.</summary>
    public double Rate => Users / Period.TotalSeconds;

    /// <summary>Time since <see cref="Start"/>.</summary>
    public TimeSpan Now => Stopwatch.GetElapsedTime(_started);

    public IReadOnlyList<TrackedExchange> Completed
    {
        get
        {
            lock (_gate)
            {
                return [.. _completed];
            }
        }
    }

    /// <summary>
    /// Whether the message <paramref name="number"/> of <paramref name="user"/> is a slow one: one in 25, never a
    /// user's first, spread over users and time so that some are always in flight.
    /// </summary>
    public static bool IsSlow(int user, int number) => number > 0 && (user * 7 + number) % 25 == 0;

    public string OpenId(int user) => string.Create(CultureInfo.InvariantCulture, $"oFailover{_run}{user:D3}");

    public void Start(CancellationToken cancellationToken)
    {
        _started = Stopwatch.GetTimestamp();
        _users = Task.WhenAll(Enumerable.Range(0, Users).Select(u => RunUserAsync(u, cancellationToken)));
    }

    /// <summary>Ends the stream (see the remarks) and waits for every user to finish.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await _users;
    }

    /// <summary>Completes once the exchanges completed so far satisfy <paramref name="condition"/>.</summary>
    public Task WaitUntilAsync(Func<IReadOnlyList<TrackedExchange>, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(condition);
        lock (_gate)
        {
            if (condition(_completed))
            {
                return Task.CompletedTask;
            }

            var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, met));
            return WaitAsync(met.Task, _users).WaitAsync(cancellationToken);
        }
    }

    // Users that end first (a failure in the traffic itself, or a cancelled run) end the wait with their exception.
    private static async Task WaitAsync(Task met, Task users)
    {
        if (await Task.WhenAny(met, users) != met)
        {
            await users;
            throw new InvalidOperationException("The traffic ended before the awaited condition was met.");
        }
    }

    private async Task RunUserAsync(int user, CancellationToken cancellationToken)
    {
        var openId = OpenId(user);
        var due = Period * user / Users;
        var followUps = 0;
        string? lastReply = null;
        for (var number = 0; ; number++)
        {
            if (_stopping.IsCancellationRequested)
            {
                // A reply that ends with the "still working" text (perhaps after late answers) leaves an answer due.
                if (lastReply?.EndsWith(_stillWorking, StringComparison.Ordinal) != true || followUps == MaxFollowUps)
                {
                    return;
                }

                followUps++;
            }
            else if (due - Now is { Ticks: > 0 } wait)
            {
                try
                {
                    await Task.Delay(wait, _stopping.Token).WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    // Stopped while waiting for the next message's time: decide again whether a follow-up is due.
                    number--;
                    continue;
                }
            }

            var question = string.Create(
                CultureInfo.InvariantCulture,
                $"故障切换演练{_run}：第{user:D3}位用户的第{number:D3}条提问{(IsSlow(user, number) ? SlowMarker : "")}。");
            var push = WeChatPushBuilder.Text(
                ClusterTestAccount.OriginalId, openId, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), question, WeChatUserSimulator.NewMessageId());
            var startedAt = Now;
            var exchange = await _wechat.SendPushAsync(push, cancellationToken);
            Complete(new TrackedExchange
            {
                User = user,
                OpenId = openId,
                Number = number,
                Question = question,
                PushXml = push,
                StartedAt = startedAt,
                EndedAt = Now,
                Exchange = exchange,
            });
            lastReply = exchange.ReplyText;
            due += Period;
            if (due < Now)
            {
                due = Now;
            }
        }
    }

    public void Dispose() => _stopping.Dispose();

    private void Complete(TrackedExchange exchange)
    {
        List<TaskCompletionSource> met = [];
        lock (_gate)
        {
            _completed.Add(exchange);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Condition(_completed))
                {
                    met.Add(_waiters[i].Met);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var done in met)
        {
            done.TrySetResult();
        }
    }
}
