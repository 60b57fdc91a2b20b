using CustomerService.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Conversations;

/// <summary>Validates the nested <c>Conversations</c> sections and their cross-field rules.</summary>
public sealed class ConversationOptionsValidator : IValidateOptions<ConversationOptions>
{
    public ValidateOptionsResult Validate(string? name, ConversationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Root = ConversationOptions.SectionName;
        NestedOptionsValidation.Validate(options.History, $"{Root}:History", failures);
        NestedOptionsValidation.Validate(options.RateLimit, $"{Root}:RateLimit", failures);
        NestedOptionsValidation.Validate(options.Handoff, $"{Root}:Handoff", failures);
        NestedOptionsValidation.Validate(options.Dedup, $"{Root}:Dedup", failures);
        NestedOptionsValidation.Validate(options.Passive, $"{Root}:Passive", failures);
        NestedOptionsValidation.Validate(options.Replies, $"{Root}:Replies", failures);
        NestedOptionsValidation.Validate(options.Outbox, $"{Root}:Outbox", failures);
        if (options.MergeWindowMs is < 0 or > ConversationOptions.MaxMergeWindowMs)
        {
            failures.Add($"{Root}:MergeWindowMs must be between 0 (off) and {ConversationOptions.MaxMergeWindowMs} ms: the window delays the model call, and the passive reply must still be able to carry the answer.");
        }

        if (options.ContinueKeywords is { } continueWords && continueWords.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Root}:ContinueKeywords must not contain empty phrases.");
        }

        if (options.Handoff?.Keywords is { } keywords && keywords.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Root}:Handoff:Keywords must not contain empty phrases.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
