using System.Diagnostics;
using System.Globalization;

namespace CustomerService.Integration.Tests.Hosting;

/// <summary>
/// SIGTERM, what Kubernetes sends a container that is to stop gracefully. .NET's <c>Process.Kill</c> sends only
/// SIGKILL, so this runs the system's <c>kill</c>.
/// </summary>
public static class UnixSignals
{
    public static void Terminate(int processId)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-TERM", processId.ToString(CultureInfo.InvariantCulture) },
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("kill could not be started.");
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {processId} exited with {kill.ExitCode}.");
        }
    }
}
