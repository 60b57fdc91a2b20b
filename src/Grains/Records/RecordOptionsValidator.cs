using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Records;

/// <summary>Cross-field rules of <see cref="RecordOptions"/>.</summary>
public sealed class RecordOptionsValidator : IValidateOptions<RecordOptions>
{
    public ValidateOptionsResult Validate(string? name, RecordOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.BatchSize > options.QueueCapacity
            ? ValidateOptionsResult.Fail($"{RecordOptions.SectionName}:BatchSize ({options.BatchSize}) must not exceed {RecordOptions.SectionName}:QueueCapacity ({options.QueueCapacity}).")
            : ValidateOptionsResult.Success;
    }
}
