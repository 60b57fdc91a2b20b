namespace CustomerService.Grains.Tests.Delivery;

/// <summary>
/// An incoming grain-call filter that a test arms for the next call of one grain method: the call is held open until
/// the test lets it through, or fails once, or every call fails until the test opens the gate. Unarmed, it lets every
/// call through untouched.
/// </summary>
/// <remarks>
/// A grain key narrows the gate to one grain: other conversations of the shared silo (an earlier test's reply that
/// waits for a pause, say) keep calling the same methods in the background, and must not take the armed call.
/// </remarks>
public sealed class GrainCallGate
{
    private Armed? _armed;

    /// <summary>The next call of <paramref name="method"/> (on the grain <paramref name="grainKey"/>, if given) waits for <see cref="Armed.Open"/>.</summary>
    public Armed Hold(string method, string? grainKey = null) => _armed = new Armed(method, grainKey, ArmedKind.Hold);

    /// <summary>The next call of <paramref name="method"/> (on the grain <paramref name="grainKey"/>, if given) throws without reaching the grain.</summary>
    public Armed Fail(string method, string? grainKey = null) => _armed = new Armed(method, grainKey, ArmedKind.FailOnce);

    /// <summary>Every call of <paramref name="method"/> (on the grain <paramref name="grainKey"/>, if given) throws until <see cref="Armed.Open"/>.</summary>
    public Armed FailUntilOpened(string method, string? grainKey = null) => _armed = new Armed(method, grainKey, ArmedKind.FailUntilOpened);

    public async Task InvokeAsync(IIncomingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var armed = Volatile.Read(ref _armed);
        if (armed is not null && armed.Matches(context))
        {
            if (armed.Kind == ArmedKind.FailUntilOpened)
            {
                if (!armed.Opened.IsCompleted)
                {
                    armed.Enter();
                    throw new InvalidOperationException($"{armed.Method} refused by the test's gate until it opens.");
                }

                Interlocked.CompareExchange(ref _armed, null, armed);
            }
            else if (Interlocked.CompareExchange(ref _armed, null, armed) == armed)
            {
                armed.Enter();
                if (armed.Kind == ArmedKind.FailOnce)
                {
                    throw new InvalidOperationException($"{armed.Method} refused by the test's gate.");
                }

                await armed.Opened;
            }
        }

        await context.Invoke();
    }

    internal enum ArmedKind
    {
        Hold,
        FailOnce,
        FailUntilOpened,
    }

    /// <summary>One armed call (or, for <see cref="FailUntilOpened"/>, every call until it opens).</summary>
    public sealed class Armed
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly string? _grainKey;

        internal Armed(string method, string? grainKey, ArmedKind kind)
        {
            Method = method;
            _grainKey = grainKey;
            Kind = kind;
        }

        internal string Method { get; }

        internal ArmedKind Kind { get; }

        /// <summary>Completes when a call has reached the gate (for <see cref="FailUntilOpened"/>, the first one).</summary>
        public Task Entered => _entered.Task;

        internal Task Opened => _opened.Task;

        public void Open() => _opened.TrySetResult();

        internal void Enter() => _entered.TrySetResult();

        internal bool Matches(IIncomingGrainCallContext context) =>
            string.Equals(context.InterfaceMethod?.Name, Method, StringComparison.Ordinal)
            && (_grainKey is null || string.Equals(context.TargetId.Key.ToString(), _grainKey, StringComparison.Ordinal));
    }
}
