using System.Net;
using System.Net.Sockets;

namespace CustomerService.IngressApi.Tests.Hosting;

/// <summary>
/// Picks loopback ports the OS says are free, so that no host of a test ever uses the defaults (11111, 30000, 5080)
/// that a developer's own server, or a test host running in parallel, holds.
/// </summary>
public static class FreeTcpPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Two distinct free ports (silo and gateway must differ).</summary>
    public static (int First, int Second) NextPair()
    {
        // Both listeners are open at once, so the OS cannot hand out the same port twice.
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        return (((IPEndPoint)first.LocalEndpoint).Port, ((IPEndPoint)second.LocalEndpoint).Port);
    }
}
