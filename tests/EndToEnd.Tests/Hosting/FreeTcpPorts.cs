using System.Net;
using System.Net.Sockets;

namespace CustomerService.EndToEnd.Tests.Hosting;

/// <summary>
/// Loopback ports the OS says are free, never the defaults (5080, 11111, 30000) that a developer's own server or a
/// test host running in parallel may hold.
/// </summary>
public static class FreeTcpPorts
{
    /// <summary>Distinct free ports: all listeners are open at once, so the OS cannot hand out one port twice.</summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Dispose();
            }
        }
    }
}
