using System.Collections.Concurrent;

namespace CustomerService.EndToEnd.Tests.Hosting;

/// <summary>The last lines a process wrote to stdout and stderr, for failure messages.</summary>
public sealed class OutputTail(int capacity = 200)
{
    private readonly ConcurrentQueue<string> _lines = new();

    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > capacity && _lines.TryDequeue(out _))
        {
        }
    }

    public override string ToString() => string.Join(Environment.NewLine, _lines);
}
