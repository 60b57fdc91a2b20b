namespace CustomerService.Grains.Tests.Delivery;

/// <summary>
/// An incoming grain-call filter that a test arms for the next call of one grain method: the call is held open until
/// the test lets it through, or fails once. Unarmed, it lets every call through untouched.
/// </summary>
public sealed class GrainCallGate
{
    private Armed? _armed;

    /// <summary>The next call of <paramref name="method"/> waits for <see cref="Armed.Open"/>.</summary>
    public Armed Hold(string method) => _armed = new Armed(method, fail: false);

    /// <summary>The next call of <paramref name="method"/> throws without reaching the grain.</summary>
    public Armed Fail(string method) => _armed = new Armed(method, fail: true);

    public async Task InvokeAsync(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var armed = Volatile.Read(ref _armed);
        if (armed is not null
            && string.Equals(context.InterfaceMethod?.Name, armed.Method, StringComparison.Ordinal)
            && Interlocked.CompareExchange(ref _armed, null, armed) == armed)
        {
            armed.Enter();
            if (armed.FailsCall)
            {
                throw new InvalidOperationException($"{armed.Method} refused by the test's gate.");
            }

            await armed.Opened;
        }

        await context.Invoke();
    }

    /// <summary>One armed call.</summary>
    public sealed class Armed(string method, bool fail)
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal string Method { get; } = method;

        internal bool FailsCall { get; } = fail;

        /// <summary>Completes when the call has reached the gate.</summary>
        public Task Entered => _entered.Task;

        internal Task Opened => _opened.Task;

        public void Open() => _opened.TrySetResult();

        internal void Enter() => _entered.TrySetResult();
    }
}
