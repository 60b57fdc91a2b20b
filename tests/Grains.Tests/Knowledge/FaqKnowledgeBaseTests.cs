using CustomerService.Grains.Knowledge;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Tests.Knowledge;

public sealed class FaqKnowledgeBaseTests : IDisposable
{
    private const string Header = "question,answer,similar\n";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void FindAnswer_MatchingQuestion_ReturnsAnswerQuestionAndScore()
    {
        var path = _directory.WriteFile("faq.csv", Header + "发货时间,两天内发货。,\n");

        var answer = CreateKnowledgeBase(path).FindAnswer("发货时间？", null);

        Assert.Equal(new KnowledgeAnswer { Answer = "两天内发货。", Question = "发货时间", Score = 1.0 }, answer);
    }

    // A lone surrogate (a character reference such as &#xD800;) used to make normalisation throw.
    [Fact]
    public void FindAnswer_QuestionWithLoneSurrogate_MatchesTheQuestionWithoutIt()
    {
        var path = _directory.WriteFile("faq.csv", Header + "发货时间,两天内发货。,\n");

        var answer = CreateKnowledgeBase(path).FindAnswer("发货时间\uD800", null);

        Assert.Equal(new KnowledgeAnswer { Answer = "两天内发货。", Question = "发货时间", Score = 1.0 }, answer);
    }

    [Fact]
    public void FindAnswer_Override_UsesOverrideFile()
    {
        var defaultPath = _directory.WriteFile("default.csv", Header + "发货时间,默认答案,\n");
        var accountPath = _directory.WriteFile("account.csv", Header + "发货时间,账号答案,\n");

        var answer = CreateKnowledgeBase(defaultPath).FindAnswer("发货时间", accountPath);

        Assert.Equal("账号答案", answer?.Answer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void FindAnswer_NoOverride_UsesDefaultFile(string? faqFileOverride)
    {
        var defaultPath = _directory.WriteFile("default.csv", Header + "发货时间,默认答案,\n");

        var answer = CreateKnowledgeBase(defaultPath).FindAnswer("发货时间", faqFileOverride);

        Assert.Equal("默认答案", answer?.Answer);
    }

    [Fact]
    public void FindAnswer_BelowMinScore_ReturnsNull()
    {
        // 发货时间好久 scores 0.875 against 发货时间.
        var path = _directory.WriteFile("faq.csv", Header + "发货时间,两天内发货。,\n");

        var answer = CreateKnowledgeBase(path, minScore: 0.9).FindAnswer("发货时间好久", null);

        Assert.Null(answer);
    }

    [Fact]
    public void FindAnswer_MissingFile_ThrowsNamingFile()
    {
        var missing = Path.Combine(_directory.Path, "missing.csv");

        var exception = Assert.Throws<FileNotFoundException>(() => CreateKnowledgeBase(missing).FindAnswer("发货时间", null));

        Assert.Equal(missing, exception.FileName);
        Assert.Contains(missing, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Preload_MissingRelativeFile_NamesBothLocationsTried()
    {
        var exception = Assert.Throws<FileNotFoundException>(() => CreateKnowledgeBase("nowhere/missing-faq.csv").Preload(null));

        Assert.Equal(
            $"FAQ file 'nowhere/missing-faq.csv' does not exist; looked for '{Path.GetFullPath("nowhere/missing-faq.csv")}' " +
            $"and '{Path.GetFullPath("nowhere/missing-faq.csv", AppContext.BaseDirectory)}'.",
            exception.Message);
    }

    [Fact]
    public void Preload_ValidFile_ReturnsEntryCount()
    {
        var path = _directory.WriteFile("faq.csv", Header + "发货时间,两天内,\n退货,七天,\n");

        Assert.Equal(2, CreateKnowledgeBase(path).Preload(null));
    }

    [Fact]
    public void Preload_BrokenOverride_ThrowsFaqFormatException()
    {
        var defaultPath = _directory.WriteFile("default.csv", Header + "发货时间,两天内,\n");
        var brokenPath = _directory.WriteFile("broken.csv", Header + "发货时间,,\n");

        var exception = Assert.Throws<FaqFormatException>(() => CreateKnowledgeBase(defaultPath).Preload(brokenPath));

        Assert.Equal(brokenPath, exception.SourceName);
        Assert.Equal(2, exception.LineNumber);
    }

    [Fact]
    public void FindAnswer_FileChangedAfterLoad_KeepsIndexFromFirstLoad()
    {
        var path = _directory.WriteFile("faq.csv", Header + "发货时间,旧答案,\n");
        var knowledgeBase = CreateKnowledgeBase(path);
        knowledgeBase.Preload(null);
        File.WriteAllText(path, Header + "发货时间,新答案,\n");

        var answer = knowledgeBase.FindAnswer("发货时间", null);

        Assert.Equal("旧答案", answer?.Answer);
    }

    [Fact]
    public void Preload_FileFixedAfterFailure_LoadsOnNextCall()
    {
        var path = _directory.WriteFile("faq.csv", Header + "发货时间,,\n");
        var knowledgeBase = CreateKnowledgeBase(path);
        Assert.Throws<FaqFormatException>(() => knowledgeBase.Preload(null));
        File.WriteAllText(path, Header + "发货时间,两天内,\n");

        var count = knowledgeBase.Preload(null);

        Assert.Equal(1, count);
    }

    [Fact]
    public void FindAnswer_ConcurrentFirstCalls_AllReturnTheAnswer()
    {
        var path = _directory.WriteFile("faq.csv", Header + "发货时间,两天内,\n");
        var knowledgeBase = CreateKnowledgeBase(path);

        var answers = new string?[16];
        Parallel.For(0, answers.Length, i => answers[i] = knowledgeBase.FindAnswer("发货时间", null)?.Answer);

        Assert.All(answers, answer => Assert.Equal("两天内", answer));
    }

    private static FaqKnowledgeBase CreateKnowledgeBase(string faqFile, double minScore = 0.5) =>
        new(Options.Create(new KnowledgeOptions { FaqFile = faqFile, MinScore = minScore }));
}
