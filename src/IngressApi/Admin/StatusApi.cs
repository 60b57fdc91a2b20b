namespace CustomerService.IngressApi.Admin;

/// <summary><c>GET /api/status</c>: the accounts' delivery state, read from the cluster's grains.</summary>
public static partial class StatusApi
{
    private const int Attempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(300);

    /// <remarks>
    /// The grains behind the report activate from storage: just after a PostgreSQL blip the first use of each pooled
    /// connection the server ended fails, and the next gets a fresh one, so a failed read is tried again twice.
    /// Should the cluster still not answer, the operator gets 503 with the reason's type (never a stack trace or a
    /// secret), not an empty 500.
    /// </remarks>
    public static async Task<IResult> GetAsync(AccountStatusReader reader, ILogger<AccountStatusReader> logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Results.Json(await reader.ReadAsync(), StatusReport.JsonOptions);
            }
#pragma warning disable CA1031 // Whatever the cluster throws, the operator gets an answer that says so.
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogReadFailed(logger, attempt, Attempts, exception.GetType().Name, exception.Message);
                if (attempt == Attempts)
                {
                    return Results.Json(
                        new { error = $"the cluster did not answer ({exception.GetType().Name}); try again" },
                        StatusReport.JsonOptions,
                        statusCode: StatusCodes.Status503ServiceUnavailable);
                }
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Status report: reading the account grains failed (attempt {Attempt} of {Attempts}): {ErrorType}: {Error}")]
    private static partial void LogReadFailed(ILogger logger, int attempt, int attempts, string errorType, string error);
}
