namespace CustomerService.Grains.Knowledge;

/// <summary>One FAQ row: the question, its answer and alternative phrasings of the question.</summary>
/// <remarks>
/// Equality compares <see cref="Similar"/> element by element: the compiler-generated equality would compare the
/// list by reference, so two entries read from the same text would never be equal.
/// </remarks>
public sealed record FaqEntry
{
    public required string Question { get; init; }

    public required string Answer { get; init; }

    public IReadOnlyList<string> Similar { get; init; } = [];

    public bool Equals(FaqEntry? other) =>
        other is not null
        && string.Equals(Question, other.Question, StringComparison.Ordinal)
        && string.Equals(Answer, other.Answer, StringComparison.Ordinal)
        && Similar.SequenceEqual(other.Similar, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Question, StringComparer.Ordinal);
        hash.Add(Answer, StringComparer.Ordinal);
        foreach (var phrasing in Similar)
        {
            hash.Add(phrasing, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }
}
