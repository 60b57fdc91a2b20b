namespace CustomerService.Grains.Knowledge;

/// <summary>The FAQ entry that best matches a query, with the phrasing that matched and its score in (0, 1].</summary>
public sealed record FaqMatch
{
    public required FaqEntry Entry { get; init; }

    /// <summary>The question or the <see cref="FaqEntry.Similar"/> phrasing that scored best.</summary>
    public required string Phrasing { get; init; }

    public required double Score { get; init; }
}
