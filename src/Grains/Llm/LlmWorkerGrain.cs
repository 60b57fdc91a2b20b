using CustomerService.Channels.Text;
using CustomerService.Grains.Interfaces.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using ConversationRole = CustomerService.Grains.Interfaces.Conversations.ChatRole;

namespace CustomerService.Grains.Llm;

/// <summary>
/// The shared pool of model callers. Stateless, so Orleans runs several activations per silo and routes each call
/// to a local one; the concurrency limiter bounds the calls actually in flight.
/// </summary>
[StatelessWorker(maxLocalWorkers: 64)]
public sealed class LlmWorkerGrain(
    IChatClient chatClient,
    LlmConcurrencyLimiter limiter,
    LlmMetrics metrics,
    IOptions<LlmOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<LlmWorkerGrain> logger) : Grain, ILlmWorkerGrain
{
    public async Task<LlmCompletion> CompleteAsync(LlmRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        if (settings.Provider == LlmProvider.None)
        {
            return new LlmCompletion { Outcome = LlmOutcome.NotConfigured, Error = "no model configured" };
        }

        // The caller's log scope does not travel with a grain call: this one ties the model's lines to the conversation.
        using var scope = logger.BeginScope("Conversation {ConversationKey}", request.ConversationKey);

        // A stopping silo cuts the call short instead of holding its shutdown for up to the model timeout; the
        // conversation then leaves the push unanswered, and it runs again after the restart.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            using var slot = await limiter.AcquireAsync(timeout.Token);
            var response = await chatClient.GetResponseAsync(
                BuildMessages(settings, request),
                new ChatOptions { ModelId = settings.Model, MaxOutputTokens = settings.MaxOutputTokens },
                timeout.Token);
            metrics.Used(response.Usage);

            // A model can emit broken UTF-16 too; it would fail the conversation's state write.
            var text = Utf16Text.ReplaceLoneSurrogatesOrNull(response.Text)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                logger.LogWarning("Model returned an empty answer for {Conversation}", request.ConversationKey);
                metrics.Called("failed");
                return new LlmCompletion { Outcome = LlmOutcome.Failed, Error = "empty answer" };
            }

            metrics.Called("succeeded");
            return new LlmCompletion { Outcome = LlmOutcome.Succeeded, Text = text };
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            logger.LogInformation("Model call for {Conversation} interrupted: the silo is stopping", request.ConversationKey);
            metrics.Called("interrupted");
            return new LlmCompletion { Outcome = LlmOutcome.Interrupted, Error = "silo stopping" };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Model call timed out after {Seconds} s for {Conversation}", settings.TimeoutSeconds, request.ConversationKey);
            metrics.Called("timedout");
            return new LlmCompletion { Outcome = LlmOutcome.TimedOut, Error = $"timed out after {settings.TimeoutSeconds} s" };
        }
#pragma warning disable CA1031 // Any provider failure becomes a polite fallback for the user, never an exception in the conversation.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            // The exception type and message name the problem; the request (with the key) is never logged.
            logger.LogWarning("Model call failed for {Conversation}: {ErrorType}: {Error}", request.ConversationKey, ex.GetType().Name, ex.Message);
            metrics.Called("failed");
            return new LlmCompletion { Outcome = LlmOutcome.Failed, Error = ex.GetType().Name };
        }
    }

    private static List<ChatMessage> BuildMessages(LlmOptions settings, LlmRequest request)
    {
        var messages = new List<ChatMessage>(request.History.Length + 2) { new(ChatRole.System, settings.SystemPrompt) };
        foreach (var turn in request.History)
        {
            messages.Add(new ChatMessage(turn.Role == ConversationRole.User ? ChatRole.User : ChatRole.Assistant, turn.Text));
        }

        messages.Add(new ChatMessage(ChatRole.User, request.UserText));
        return messages;
    }
}
