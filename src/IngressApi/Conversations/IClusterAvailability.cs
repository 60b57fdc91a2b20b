namespace CustomerService.IngressApi.Conversations;

/// <summary>
/// Whether the grains can be reached at all right now: the co-hosted silo is active, or the client holds a gateway
/// connection. The same fact as <c>/readyz</c>; when it is false a push is held at once (WeChat retries), without a
/// grain call that can only fail.
/// </summary>
public interface IClusterAvailability
{
    bool IsAvailable { get; }
}
