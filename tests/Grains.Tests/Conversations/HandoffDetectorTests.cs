using CustomerService.Grains.Conversations;

namespace CustomerService.Grains.Tests.Conversations;

public sealed class HandoffDetectorTests
{
    private static readonly HandoffDetector Default = new(HandoffOptions.DefaultKeywords, HandoffOptions.DefaultNegations);

    [Theory]
    [InlineData("人工")]
    [InlineData("转人工")]
    [InlineData("人工客服")]
    [InlineData("我要人工")]
    public void IsRequest_DefaultKeyword_ReturnsTrue(string text) => Assert.True(Default.IsRequest(text));

    [Theory]
    [InlineData("不要人工")]
    [InlineData("不用转人工")]
    [InlineData("不需要人工客服")]
    [InlineData("别转人工")]
    public void IsRequest_NegatedKeyword_ReturnsFalse(string text) => Assert.False(Default.IsRequest(text));

    // Up to HandoffDetector.MaxWordsBetween (2) characters may sit between the negation and the keyword.
    [Theory]
    [InlineData("不要转接人工")]
    [InlineData("不需要转接人工")]
    [InlineData("别帮转人工")]
    public void IsRequest_NegationTwoCharactersBeforeKeyword_ReturnsFalse(string text) => Assert.False(Default.IsRequest(text));

    // A negation reaches only within its clause.
    [Theory]
    [InlineData("不要等了，转人工")]
    [InlineData("不要等了。转人工")]
    [InlineData("别回复了, 我要人工")]
    public void IsRequest_NegationInAnEarlierClause_ReturnsTrue(string text) => Assert.True(Default.IsRequest(text));

    // The 人工 inside a negated 转人工 is negated with it.
    [Theory]
    [InlineData("不要帮我转人工")]
    [InlineData("别帮我转人工")]
    [InlineData("不要等了转人工")]
    public void IsRequest_KeywordInsideANegatedLongerKeyword_ReturnsFalse(string text) => Assert.False(Default.IsRequest(text));

    [Theory]
    [InlineData("人工费多少")]
    [InlineData("人工智能")]
    [InlineData("人工成本高吗")]
    [InlineData("人工合成的吗")]
    public void IsRequest_WordContainingTheKeywordButNotAboutAnAgent_ReturnsFalse(string text) => Assert.False(Default.IsRequest(text));

    [Fact]
    public void IsRequest_WordNotAboutAnAgentNextToARequest_ReturnsTrue() => Assert.True(Default.IsRequest("人工费多少转人工"));

    // A lone surrogate (a character reference such as &#xD800;) used to make NFKC throw.
    [Fact]
    public void IsRequest_KeywordWithLoneSurrogate_ReturnsTrue() => Assert.True(Default.IsRequest("转人工\uD800"));

    [Fact]
    public void IsRequest_OnlyALoneSurrogate_ReturnsFalse() => Assert.False(Default.IsRequest("\uDC00"));

    [Fact]
    public void IsRequest_QuestionAboutArtificialIntelligence_ReturnsFalse() => Assert.False(Default.IsRequest("人工智能是什么"));

    [Fact]
    public void IsRequest_LongQuestionMentioningAHuman_ReturnsFalse()
    {
        const string question = "请问你们平时人工客服的工作时间是几点到几点呢";
        Assert.True(question.Length > HandoffDetector.MaxRequestLength);

        Assert.False(Default.IsRequest(question));
    }

    [Fact]
    public void IsRequest_OneCharacterOverMaxRequestLength_ReturnsFalse() =>
        Assert.False(Default.IsRequest("转人工" + new string('吧', HandoffDetector.MaxRequestLength - 2)));

    [Fact]
    public void IsRequest_ExactlyMaxRequestLength_ReturnsTrue() =>
        Assert.True(Default.IsRequest("转人工" + new string('吧', HandoffDetector.MaxRequestLength - 3)));

    [Theory]
    [InlineData("人工！")]
    [InlineData(" 转 人 工 ")]
    [InlineData("【人工客服】？？")]
    [InlineData("转\t人工~~")]
    [InlineData("转·人·工")]
    [InlineData("人，工")]
    [InlineData("人工！！！！！！！！！！！！！！！！！！！！")]
    public void IsRequest_PunctuationAndSpacesAroundAKeyword_ReturnsTrue(string text) => Assert.True(Default.IsRequest(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("！？。")]
    public void IsRequest_NoText_ReturnsFalse(string? text) => Assert.False(Default.IsRequest(text));

    [Fact]
    public void IsRequest_CustomKeywords_MatchFullWidthAndUpperCaseVariants()
    {
        var options = new HandoffOptions { Keywords = ["vip客服"] };
        var detector = new HandoffDetector(options.EffectiveKeywords, options.EffectiveNegations);

        Assert.True(detector.IsRequest("ＶＩＰ客服！"));
    }

    [Fact]
    public void IsRequest_CustomKeywords_ReplaceTheDefaults()
    {
        var options = new HandoffOptions { Keywords = ["找经理"] };
        var detector = new HandoffDetector(options.EffectiveKeywords, options.EffectiveNegations);

        Assert.Equal((true, false), (detector.IsRequest("找经理"), detector.IsRequest("人工")));
    }
}
