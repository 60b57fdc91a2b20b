using CustomerService.Grains.Knowledge;

namespace CustomerService.Grains.Tests.Knowledge;

public sealed class FaqIndexTests
{
    private static readonly FaqEntry Shipping = new()
    {
        Question = "发货时间",
        Answer = "两天内发货。",
        Similar = ["快递几天到"],
    };

    private static readonly FaqEntry Invoice = new()
    {
        Question = "开发票",
        Answer = "可以开电子发票。",
        Similar = ["vip发票"],
    };

    [Fact]
    public void FindBest_ExactQuestion_ScoresOne()
    {
        var match = new FaqIndex([Shipping, Invoice]).FindBest("发货时间", 0.5);

        Assert.Equal(new FaqMatch { Entry = Shipping, Phrasing = "发货时间", Score = 1.0 }, match);
    }

    [Fact]
    public void FindBest_QueryWithExtraTokens_ScoresMeanOfDiceAndCoverage()
    {
        // Query 发货 货时 时间 间好 好久, phrasing 发货 货时 时间: I = 3, Dice = 6/8, coverage = 3/3.
        var match = new FaqIndex([Shipping]).FindBest("发货时间好久", 0);

        Assert.NotNull(match);
        Assert.Equal(0.875, match.Score, 12);
    }

    [Fact]
    public void FindBest_MatchOnSimilarPhrasing_ReportsThatPhrasing()
    {
        var match = new FaqIndex([Shipping, Invoice]).FindBest("快递几天到？", 0.5);

        Assert.Equal(new FaqMatch { Entry = Shipping, Phrasing = "快递几天到", Score = 1.0 }, match);
    }

    [Fact]
    public void FindBest_FullWidthAndUpperCaseQuery_MatchesHalfWidthPhrasing()
    {
        var match = new FaqIndex([Shipping, Invoice]).FindBest("ＶＩＰ 发票", 0.5);

        Assert.Equal(new FaqMatch { Entry = Invoice, Phrasing = "vip发票", Score = 1.0 }, match);
    }

    [Fact]
    public void FindBest_ScoreEqualToMinScore_ReturnsMatch()
    {
        Assert.NotNull(new FaqIndex([Shipping]).FindBest("发货时间好久", 0.875));
    }

    [Fact]
    public void FindBest_ScoreBelowMinScore_ReturnsNull()
    {
        Assert.Null(new FaqIndex([Shipping]).FindBest("发货时间好久", 0.88));
    }

    [Fact]
    public void FindBest_NoSharedToken_ReturnsNullEvenAtMinScoreZero()
    {
        Assert.Null(new FaqIndex([Shipping, Invoice]).FindBest("今天天气", 0));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\n")]
    [InlineData("？！。，")]
    [InlineData("请问怎么办呢")]
    public void FindBest_QueryWithoutTokens_ReturnsNull(string query)
    {
        Assert.Null(new FaqIndex([Shipping, Invoice]).FindBest(query, 0));
    }

    [Fact]
    public void FindBest_EqualScores_EarlierEntryWins()
    {
        var process = new FaqEntry { Question = "退货流程", Answer = "流程", Similar = [] };
        var policy = new FaqEntry { Question = "退货政策", Answer = "政策", Similar = [] };

        var forward = new FaqIndex([process, policy]).FindBest("退货", 0);
        var backward = new FaqIndex([policy, process]).FindBest("退货", 0);

        Assert.Equal(process, forward?.Entry);
        Assert.Equal(policy, backward?.Entry);
        Assert.Equal(forward?.Score, backward?.Score);
    }

    [Fact]
    public void FindBest_EqualScoresWithinEntry_EarlierPhrasingWins()
    {
        var entry = new FaqEntry { Question = "退货流程", Answer = "流程", Similar = ["退货政策"] };

        var match = new FaqIndex([entry]).FindBest("退货", 0);

        Assert.Equal("退货流程", match?.Phrasing);
    }

    [Fact]
    public void FindBest_RepeatedCalls_ReturnSameMatch()
    {
        var index = new FaqIndex([Shipping, Invoice]);

        var first = index.FindBest("发货时间好久", 0);
        var second = index.FindBest("发货时间好久", 0);

        Assert.Equal(first, second);
    }

    [Fact]
    public void FindBest_EmptyIndex_ReturnsNull()
    {
        Assert.Null(new FaqIndex([]).FindBest("发货时间", 0));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void FindBest_MinScoreOutOfRange_Throws(double minScore)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaqIndex([Shipping]).FindBest("发货时间", minScore));
    }
}
