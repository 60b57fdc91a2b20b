using System.Reflection;

namespace CustomerService.IngressApi.Tests.Conversations;

/// <summary>
/// An <see cref="IGrainFactory"/> whose every <c>GetGrain</c> returns one given grain, so that the dispatcher can be
/// tested without a silo. Any other member throws.
/// </summary>
public class SingleGrainFactory : DispatchProxy
{
    private object? _grain;

    public static IGrainFactory Returning(object grain)
    {
        var factory = Create<IGrainFactory, SingleGrainFactory>();
        ((SingleGrainFactory)(object)factory)._grain = grain;
        return factory;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod is { Name: nameof(IGrainFactory.GetGrain) } ? _grain : throw new NotSupportedException(targetMethod?.Name);
}
