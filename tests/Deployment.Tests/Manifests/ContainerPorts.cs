using System.Globalization;
using k8s.Models;

namespace CustomerService.Deployment.Tests.Manifests;

/// <summary>Resolves a port given by number or by name against a container's declared ports.</summary>
public static class ContainerPorts
{
    /// <summary>The port number, or null when it names no declared port.</summary>
    public static int? Resolve(V1Container container, IntOrString? port)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (port?.Value is not { Length: > 0 } value)
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return container.Ports?.FirstOrDefault(p => p.Name == value)?.ContainerPort;
    }

    public static bool Declares(V1Container container, int port) => container.Ports?.Any(p => p.ContainerPort == port) == true;
}
