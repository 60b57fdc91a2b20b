namespace CustomerService.Integration.Tests.Failover;

/// <summary>
/// The numbers a failover test prints: to the test's output, and appended to the file named by
/// <c>CS_FAILOVER_REPORT</c> when it is set (<c>scripts/measure-cluster.sh</c> collects them from there).
/// </summary>
public static class FailoverReport
{
    public const string FileVariable = "CS_FAILOVER_REPORT";

    public static void Print(string test, IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var text = string.Join('\n', lines.Select(l => $"[{test}] {l}"));
        TestContext.Current.TestOutputHelper?.WriteLine(text);
        if (Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } path)
        {
            File.AppendAllText(path, text + "\n");
        }
    }
}
