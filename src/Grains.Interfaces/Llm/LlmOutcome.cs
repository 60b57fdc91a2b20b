namespace CustomerService.Grains.Interfaces.Llm;

/// <summary>How a model call ended.</summary>
[Alias("cs.LlmOutcome")]
public enum LlmOutcome
{
    /// <summary>The model answered.</summary>
    Succeeded = 0,

    /// <summary>No model is configured (<c>Llm:Provider = None</c>).</summary>
    NotConfigured = 1,

    /// <summary>The call failed (HTTP error, refused, empty answer).</summary>
    Failed = 2,

    /// <summary>The call took longer than <c>Llm:TimeoutSeconds</c>.</summary>
    TimedOut = 3,

    /// <summary>
    /// The call was cut short because the silo is stopping. No answer is due: the push stays unanswered and its
    /// work runs again on the conversation's next activation.
    /// </summary>
    Interrupted = 4,
}
