using CustomerService.Grains.Llm;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Tests.Llm;

public sealed class LlmOptionsValidatorTests
{
    private const string BaseUrlFailure = "Llm:BaseUrl must be an absolute http(s) URL when Llm:Provider is OpenAI.";
    private const string ModelFailure = "Llm:Model is required when Llm:Provider is OpenAI.";

    private readonly LlmOptionsValidator _validator = new();

    [Fact]
    public void Validate_ProviderNoneWithNothingElse_Succeeds() =>
        Assert.True(_validator.Validate(Options.DefaultName, new LlmOptions { Provider = LlmProvider.None }).Succeeded);

    [Fact]
    public void Validate_OpenAIWithoutBaseUrlAndModel_FailsNamingBoth()
    {
        var result = _validator.Validate(Options.DefaultName, new LlmOptions { Provider = LlmProvider.OpenAI });

        Assert.Equal([BaseUrlFailure, ModelFailure], result.Failures);
    }

    [Theory]
    [InlineData("ftp://models.example.com/v1")]
    [InlineData("file:///tmp/model")]
    public void Validate_OpenAIWithNonHttpBaseUrl_FailsNamingBaseUrl(string baseUrl)
    {
        var result = _validator.Validate(Options.DefaultName, new LlmOptions
        {
            Provider = LlmProvider.OpenAI,
            BaseUrl = new Uri(baseUrl),
            Model = "qwen-plus",
        });

        Assert.Equal([BaseUrlFailure], result.Failures);
    }

    [Fact]
    public void Validate_OpenAIWithRelativeBaseUrl_FailsNamingBaseUrl()
    {
        var result = _validator.Validate(Options.DefaultName, new LlmOptions
        {
            Provider = LlmProvider.OpenAI,
            BaseUrl = new Uri("v1", UriKind.Relative),
            Model = "qwen-plus",
        });

        Assert.Equal([BaseUrlFailure], result.Failures);
    }

    [Fact]
    public void Validate_OpenAIWithBaseUrlAndModelButNoKey_Succeeds()
    {
        var result = _validator.Validate(Options.DefaultName, new LlmOptions
        {
            Provider = LlmProvider.OpenAI,
            BaseUrl = new Uri("http://127.0.0.1:11434/v1"),
            Model = "qwen2.5:7b",
        });

        Assert.True(result.Succeeded);
    }
}
