using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace CustomerService.Silo.Hosting.Health;

/// <summary>
/// Checks PostgreSQL and Redis every <c>Health:ProbeIntervalSeconds</c> and publishes the result as the gauge
/// <c>cs.dependency.up{dependency}</c> (1 answering, 0 not) and <c>cs.dependency.probe.duration</c>, for alerts.
/// </summary>
/// <remarks>
/// Deliberately not a readiness check: one database blip must not take every pod out of its Service at once. While
/// a dependency is down the ingress holds pushes (WeChat retries them) and the silos keep their work in grain state;
/// the gauge tells operators why. A change of state is logged once (the error's type and message, which name the
/// server, never a password), not every probe.
/// </remarks>
public sealed partial class DependencyProbeService : BackgroundService
{
    public const string MeterName = "CustomerService.Dependencies";

    private readonly IReadOnlyList<IDependencyProbe> _probes;
    private readonly DependencyProbeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DependencyProbeService> _logger;
    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly ConcurrentDictionary<string, int> _up = new(StringComparer.Ordinal);

    public DependencyProbeService(
        IEnumerable<IDependencyProbe> probes,
        IOptions<DependencyProbeOptions> options,
        IMeterFactory meters,
        TimeProvider time,
        ILogger<DependencyProbeService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(meters);
        _probes = [.. probes];
        _options = options.Value;
        _time = time;
        _logger = logger;
        _meter = meters.Create(MeterName);
        _meter.CreateObservableGauge(
            "cs.dependency.up",
            () => _up.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("dependency", p.Key))),
            // No unit: Prometheus' exporter would append "_ratio" for "1", and alerts name the series as it is.
            unit: null,
            description: "1 while the dependency answered its last check, 0 while it did not (PostgreSQL: SELECT 1 on the process's pool; Redis: PING).");
        _duration = _meter.CreateHistogram<double>(
            "cs.dependency.probe.duration",
            unit: "s",
            description: "How long a dependency check took, by dependency and result.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5] });
    }

    /// <summary>The last result per dependency (1 or 0); absent before its first check.</summary>
    public IReadOnlyDictionary<string, int> Up => _up;

    /// <summary>Checks every dependency once, now.</summary>
    public Task ProbeAllAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_probes.Select(p => ProbeAsync(p, cancellationToken)));

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_probes.Count == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.ProbeIntervalSeconds), _time);
        do
        {
            await ProbeAllAsync(stoppingToken);
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task ProbeAsync(IDependencyProbe probe, CancellationToken stoppingToken)
    {
        var started = _time.GetTimestamp();
        Exception? failure = null;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.ProbeTimeoutSeconds));
            try
            {
                await probe.ProbeAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever the check throws, the dependency did not answer: that is the measurement.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failure = exception is OperationCanceledException
                    ? new TimeoutException($"no answer within {_options.ProbeTimeoutSeconds} s")
                    : exception;
            }
        }

        var up = failure is null ? 1 : 0;
        _duration.Record(
            _time.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("dependency", probe.Name),
            new KeyValuePair<string, object?>("result", up == 1 ? "up" : "down"));
        var previous = _up.TryGetValue(probe.Name, out var last) ? last : (int?)null;
        _up[probe.Name] = up;
        if (failure is not null && previous != 0)
        {
            LogDown(_logger, probe.Name, failure.GetType().Name, failure.Message);
        }
        else if (failure is null && previous == 0)
        {
            LogUp(_logger, probe.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dependency {Dependency} does not answer: {ErrorType}: {Error} (cs.dependency.up = 0; pushes are held and work stays in grain state until it is back)")]
    private static partial void LogDown(ILogger logger, string dependency, string errorType, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Dependency {Dependency} answers again (cs.dependency.up = 1)")]
    private static partial void LogUp(ILogger logger, string dependency);
}
