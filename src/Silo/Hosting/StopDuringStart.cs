using System.Runtime.InteropServices;

namespace CustomerService.Silo.Hosting;

/// <summary>Runs a host whose start may be cut short by a stop request (SIGTERM while the silo still starts).</summary>
public static partial class StopDuringStart
{
    /// <summary>
    /// Runs <paramref name="app"/> until it stops. A stop requested while it was still starting ends its start with
    /// Orleans' <see cref="OrleansLifecycleCanceledException"/> (or a cancellation): that is the stop that was asked
    /// for, so the process exits normally instead of aborting with an unhandled exception (exit 134). The probes call
    /// a silo ready once it is active, a moment before the host's start has finished, so a rolling deploy or a scale
    /// down can send SIGTERM inside that moment.
    /// </summary>
    public static async Task RunAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Noted here rather than read from ApplicationStopping: a stop during start cancels the start before the
        // lifetime reports stopping. Neither registration handles the signal: the host's own lifetime still does.
        var stopRequested = 0;
        void Note(PosixSignalContext context) => Interlocked.Exchange(ref stopRequested, 1);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Note);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Note);
        using var stopping = app.Lifetime.ApplicationStopping.Register(() => Interlocked.Exchange(ref stopRequested, 1));
        try
        {
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OrleansLifecycleCanceledException or OperationCanceledException
                                          && Volatile.Read(ref stopRequested) == 1)
        {
            LogStoppedWhileStarting(app.Logger, exception.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped while still starting ({ErrorType}): the stop was requested during start")]
    private static partial void LogStoppedWhileStarting(ILogger logger, string errorType);
}
