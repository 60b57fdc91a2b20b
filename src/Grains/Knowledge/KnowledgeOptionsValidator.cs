using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Knowledge;

/// <summary>Validates <see cref="KnowledgeOptions"/> at startup.</summary>
public sealed class KnowledgeOptionsValidator : IValidateOptions<KnowledgeOptions>
{
    public ValidateOptionsResult Validate(string? name, KnowledgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.FaqFile))
        {
            failures.Add($"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.FaqFile)} must name a CSV file.");
        }

        // Written as a negated range so that NaN fails too. Zero is excluded because it would answer every
        // message that shares a single character pair with any FAQ question.
        if (!(options.MinScore > 0 && options.MinScore <= 1))
        {
            failures.Add(
                $"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.MinScore)} must be greater than 0 and at most 1 " +
                $"(was {options.MinScore.ToString(System.Globalization.CultureInfo.InvariantCulture)}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
