using System.Net;
using System.Net.Sockets;

namespace CustomerService.Integration.Tests.Hosting;

/// <summary>Loopback ports the OS reports free, never Orleans' defaults that another host may hold.</summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        // All listeners open at once, so that the OS cannot hand out one port twice.
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
