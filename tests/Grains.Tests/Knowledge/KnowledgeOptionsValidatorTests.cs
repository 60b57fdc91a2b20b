using CustomerService.Grains.Knowledge;

namespace CustomerService.Grains.Tests.Knowledge;

public sealed class KnowledgeOptionsValidatorTests
{
    private readonly KnowledgeOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(_validator.Validate(null, new KnowledgeOptions()).Succeeded);
    }

    [Fact]
    public void Defaults_AreTheShippedSampleAndMeasuredThreshold()
    {
        var options = new KnowledgeOptions();

        Assert.Equal(
            ("Knowledge", "Knowledge/Data/sample-faq.csv", 0.5, (string?)null),
            (KnowledgeOptions.SectionName, options.FaqFile, options.MinScore, options.DocumentsPath));
    }

    [Fact]
    public void Validate_MinScoreOne_Succeeds()
    {
        Assert.True(_validator.Validate(null, new KnowledgeOptions { MinScore = 1 }).Succeeded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Validate_BlankFaqFile_FailsNamingSetting(string faqFile)
    {
        var result = _validator.Validate(null, new KnowledgeOptions { FaqFile = faqFile });

        Assert.Equal(["Knowledge:FaqFile must name a CSV file."], result.Failures);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void Validate_MinScoreOutsideZeroToOne_FailsNamingSetting(double minScore)
    {
        var result = _validator.Validate(null, new KnowledgeOptions { MinScore = minScore });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Knowledge:MinScore must be greater than 0 and at most 1", failure, StringComparison.Ordinal);
    }
}
