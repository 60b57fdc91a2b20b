namespace CustomerService.Grains.Interfaces.Llm;

/// <summary>
/// The shared pool of model callers (a stateless worker). Conversation grains call it from detached work, never
/// from inside a request turn.
/// </summary>
[Alias("cs.ILlmWorkerGrain")]
public interface ILlmWorkerGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Asks the model for one answer. The call has its own response timeout well above <c>Llm:TimeoutSeconds</c>
    /// (whose maximum the options validator enforces), so that Orleans' default 30 s response timeout never cuts a
    /// model call short; the worker itself bounds the model call.
    /// </summary>
    [Alias("CompleteAsync"), ResponseTimeout("00:05:00")]
    Task<LlmCompletion> CompleteAsync(LlmRequest request, CancellationToken cancellationToken);
}
