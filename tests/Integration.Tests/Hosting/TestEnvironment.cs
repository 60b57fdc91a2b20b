namespace CustomerService.Integration.Tests.Hosting;

/// <summary>
/// The servers the integration tests run against, from the variables <c>scripts/test.sh</c> exports after starting
/// them. A missing variable fails the test that needs it, naming the variable: an integration test never passes, and
/// is never skipped, without its server.
/// </summary>
public static class TestEnvironment
{
    /// <summary>PostgreSQL as the data-only role a silo runs with.</summary>
    public const string PostgresVariable = "CS_TEST_POSTGRES";

    /// <summary>PostgreSQL as the role that owns the tables (runs <c>migrate</c>) and may create databases.</summary>
    public const string PostgresMigrateVariable = "CS_TEST_POSTGRES_MIGRATE";

    /// <summary>Redis, as <c>host:port</c> or a StackExchange.Redis configuration string.</summary>
    public const string RedisVariable = "CS_TEST_REDIS";

    public static string Require(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set. Run the integration tests with `bash scripts/test.sh`, which starts PostgreSQL " +
                $"and Redis on loopback and exports {PostgresVariable}, {PostgresMigrateVariable} and {RedisVariable}, or " +
                "start them with `bash scripts/test-services.sh` and export what it prints.");
}
