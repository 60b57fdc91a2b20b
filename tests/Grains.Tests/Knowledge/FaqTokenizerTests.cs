using CustomerService.Grains.Knowledge;

namespace CustomerService.Grains.Tests.Knowledge;

public sealed class FaqTokenizerTests
{
    [Fact]
    public void Tokenize_CjkRun_ReturnsCharacterBigrams()
    {
        Assert.Equal(["发货", "货时", "时间"], FaqTokenizer.Tokenize("发货时间"));
    }

    [Fact]
    public void Tokenize_SingleCjkCharacter_ReturnsUnigram()
    {
        Assert.Equal(["钱"], FaqTokenizer.Tokenize("钱"));
    }

    [Fact]
    public void Tokenize_AsciiWordsAndNumbers_AreWholeTokens()
    {
        Assert.Equal(["vip", "会员", "2024"], FaqTokenizer.Tokenize("VIP会员 2024"));
    }

    [Fact]
    public void Tokenize_PunctuationInsideCjkRun_DoesNotSplitIt()
    {
        Assert.Equal(["退货"], FaqTokenizer.Tokenize("退，货"));
    }

    [Fact]
    public void Tokenize_FunctionWords_AreDroppedAndSplitRuns()
    {
        Assert.Equal(["退货"], FaqTokenizer.Tokenize("我想退货怎么办"));
    }

    [Fact]
    public void Tokenize_FunctionWordBetweenContent_EndsTheRun()
    {
        Assert.Equal(["退货", "退款"], FaqTokenizer.Tokenize("退货可以退款"));
    }

    [Fact]
    public void Tokenize_FunctionWordsOnly_ReturnsNoTokens()
    {
        Assert.Empty(FaqTokenizer.Tokenize("请问怎么办呢？"));
    }

    [Fact]
    public void Tokenize_RepeatedBigram_IsReturnedOnce()
    {
        Assert.Equal(["哈哈"], FaqTokenizer.Tokenize("哈哈哈哈"));
    }

    [Fact]
    public void Tokenize_SupplementaryPlaneIdeograph_StaysWholeInBigrams()
    {
        Assert.Equal(["𠮷野", "野家"], FaqTokenizer.Tokenize("𠮷野家"));
    }
}
