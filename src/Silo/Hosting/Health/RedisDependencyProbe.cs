using CustomerService.Silo.Hosting.Clustering;
using StackExchange.Redis;

namespace CustomerService.Silo.Hosting.Health;

/// <summary>
/// <c>PING</c> to the Redis of the membership table (<c>ConnectionStrings:redis</c>), on a connection of its own:
/// Orleans' Redis provider keeps its multiplexer to itself. The connection is made on the first probe and then
/// reconnects in the background, as the provider's does (<see cref="RedisClustering.Options"/>).
/// </summary>
public sealed class RedisDependencyProbe(string connectionString) : IDependencyProbe, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public string Name => "redis";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        var connection = await ConnectAsync(cancellationToken);
        await connection.GetDatabase().PingAsync().WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing)
        {
            return existing;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(RedisClustering.Options(connectionString));
        }
        finally
        {
            _connecting.Release();
        }
    }
}
