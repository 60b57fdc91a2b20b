using System.ComponentModel.DataAnnotations;

namespace CustomerService.Silo.Hosting.Health;

/// <summary>How often the process checks PostgreSQL and Redis for <c>cs.dependency.up</c> (section <c>Health</c>).</summary>
public sealed class DependencyProbeOptions
{
    public const string SectionName = "Health";

    /// <summary>The pause between two checks of each dependency.</summary>
    [Range(1, 300)]
    public int ProbeIntervalSeconds { get; set; } = 15;

    /// <summary>A check that takes longer counts as down.</summary>
    [Range(1, 30)]
    public int ProbeTimeoutSeconds { get; set; } = 2;
}
