using System.Runtime.CompilerServices;
using CustomerService.IngressApi.Conversations;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Polly.Timeout;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// Which grain-call failures get another attempt within the reply budget. The cases are exception types (which the
/// runner can list one by one); the classification looks at the type only, so each instance is created without a
/// constructor, which also reaches OrleansMessageRejectionException, whose constructors are internal.
/// </summary>
public sealed class GrainCallFailuresTests
{
    [Theory]
    [InlineData(typeof(SiloUnavailableException))]
    [InlineData(typeof(OrleansMessageRejectionException))]
    [InlineData(typeof(ConnectionFailedException))]
    [InlineData(typeof(GatewayTooBusyException))]
    [InlineData(typeof(InconsistentStateException))]
    [InlineData(typeof(TimeoutException))]
    [InlineData(typeof(TimeoutRejectedException))]
    public void IsTransient_ClusterOrTimeoutFailure_True(Type failure)
    {
        Assert.True(GrainCallFailures.IsTransient(Create(failure)));
    }

    [Theory]
    [InlineData(typeof(InvalidOperationException))]
    [InlineData(typeof(OrleansException))]
    [InlineData(typeof(ArgumentException))]
    [InlineData(typeof(OperationCanceledException))]
    public void IsTransient_OtherFailure_False(Type failure)
    {
        Assert.False(GrainCallFailures.IsTransient(Create(failure)));
    }

    // A grain whose state PostgreSQL could not read (the first use of a pooled connection the server ended in a blip)
    // fails its activation; the ingress gets the storage provider's OrleansException with the database error inside.
    [Fact]
    public void IsTransient_StorageProviderErrorWithADatabaseCause_True()
    {
        var storage = new OrleansException("Error from storage provider during ReadStateAsync", new Npgsql.PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"));

        Assert.True(GrainCallFailures.IsTransient(storage));
    }

    [Fact]
    public void IsTransient_OrleansExceptionWithAnotherCause_False()
    {
        var failure = new OrleansException("grain failed", new InvalidOperationException("a bug"));

        Assert.False(GrainCallFailures.IsTransient(failure));
    }

    private static Exception Create(Type type) => (Exception)RuntimeHelpers.GetUninitializedObject(type);
}
