namespace CustomerService.Channels.Text;

/// <summary>
/// The messages <see cref="Utf8TextSplitter.Pack"/> chose to send now, and the text that has to wait.
/// </summary>
public sealed record PackResult
{
    /// <summary>
    /// The messages to send, in order. When <see cref="HasRemainder"/> is true the last one ends with the continue tail.
    /// </summary>
    public required IReadOnlyList<string> Chunks { get; init; }

    /// <summary>
    /// The text that did not fit, exactly as it stands in the input (the chunks without the tail, followed by this,
    /// give the input back); null when everything was sent.
    /// </summary>
    public string? Remainder { get; init; }

    /// <summary>Whether some text is left for a later message.</summary>
    public bool HasRemainder => Remainder is not null;
}
