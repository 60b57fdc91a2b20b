using System.Runtime.CompilerServices;
using CustomerService.IngressApi.Conversations;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using Polly.Timeout;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>Which grain-call failures get another attempt within the reply budget.</summary>
public sealed class GrainCallFailuresTests
{
    public static TheoryData<Exception> Transient =>
    [
        new SiloUnavailableException(),
        // Its constructors are internal: Orleans creates it for a rejected message, e.g. a connection refused by a
        // silo that was just killed.
        (OrleansMessageRejectionException)RuntimeHelpers.GetUninitializedObject(typeof(OrleansMessageRejectionException)),
        new ConnectionFailedException("refused"),
        new GatewayTooBusyException(),
        new InconsistentStateException("etag"),
        new TimeoutException(),
        new TimeoutRejectedException(),
    ];

    public static TheoryData<Exception> Permanent =>
    [
        new InvalidOperationException("a bug"),
        new OrleansException("storage provider failed"),
        new ArgumentException("bad key"),
        new OperationCanceledException(),
    ];

    [Theory]
    [MemberData(nameof(Transient))]
    public void IsTransient_ClusterOrTimeoutFailure_True(Exception failure)
    {
        Assert.True(GrainCallFailures.IsTransient(failure));
    }

    [Theory]
    [MemberData(nameof(Permanent))]
    public void IsTransient_OtherFailure_False(Exception failure)
    {
        Assert.False(GrainCallFailures.IsTransient(failure));
    }
}
