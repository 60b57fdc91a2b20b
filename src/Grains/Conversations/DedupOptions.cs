using System.ComponentModel.DataAnnotations;

namespace CustomerService.Grains.Conversations;

/// <summary><c>Conversations:Dedup</c>: how long finished pushes stay recognisable as retries.</summary>
public sealed class DedupOptions
{
    /// <summary>At most this many finished pushes are kept per conversation.</summary>
    [Range(8, 10_000)]
    public int MaxEntries { get; set; } = 100;

    /// <summary>
    /// Finished pushes are kept at least this long. WeChat retries for about 15 s, so the floor is 60 s.
    /// </summary>
    [Range(60, 7 * 24 * 3600)]
    public int RetentionSeconds { get; set; } = 600;
}
