using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Llm;

/// <summary>Cross-field rules of <see cref="LlmOptions"/>.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == LlmProvider.None)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.BaseUrl is null || !options.BaseUrl.IsAbsoluteUri
            || (options.BaseUrl.Scheme != Uri.UriSchemeHttps && options.BaseUrl.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Llm:BaseUrl must be an absolute http(s) URL when Llm:Provider is OpenAI.");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("Llm:Model is required when Llm:Provider is OpenAI.");
        }

        // A local Ollama needs no key; a hosted endpoint does, but we cannot tell them apart reliably. The key's
        // absence is therefore allowed and the endpoint's own 401 surfaces as a failed call in the logs.
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
