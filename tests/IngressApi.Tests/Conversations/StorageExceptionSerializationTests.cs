using CustomerService.IngressApi.Conversations;
using CustomerService.Silo.Hosting.Clustering;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Serialization;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// A grain activation that fails on PostgreSQL is answered with the storage provider's exception, which carries the
/// PostgresException. Orleans must be able to send it to the ingress: otherwise the silo fails to send the rejection
/// (CodecNotFoundException) and the ingress sees that instead of a storage error it can retry.
/// </summary>
public sealed class StorageExceptionSerializationTests
{
    private static readonly Exception StorageFailure = new OrleansException(
        "Error from storage provider during ReadStateAsync",
        new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"));

    [Fact]
    public void RoundTrip_StorageErrorWithAPostgresCause_ArrivesWithItsDatabaseCause()
    {
        using var services = Serializers(withStorageExceptions: true);
        var serializer = services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray(StorageFailure));

        Assert.IsType<OrleansException>(copy);
        Assert.IsType<PostgresException>(copy.InnerException);
        Assert.True(GrainCallFailures.IsTransient(copy));
    }

    [Fact]
    public void RoundTrip_WithoutTheNpgsqlNamespace_CannotBeSent()
    {
        using var services = Serializers(withStorageExceptions: false);
        var serializer = services.GetRequiredService<Serializer>();

        Assert.Throws<CodecNotFoundException>(() => serializer.SerializeToArray(StorageFailure));
    }

    private static ServiceProvider Serializers(bool withStorageExceptions)
    {
        var services = new ServiceCollection();
        services.AddSerializer();
        if (withStorageExceptions)
        {
            services.AddStorageExceptionSerialization();
        }

        return services.BuildServiceProvider();
    }
}
