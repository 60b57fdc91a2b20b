using CustomerService.Grains.Knowledge;

namespace CustomerService.Grains.Tests.Knowledge;

public sealed class ChineseTextNormalizerTests
{
    [Fact]
    public void Normalize_FullWidthLettersAndDigits_BecomeHalfWidthLowerCase()
    {
        Assert.Equal("vip会员123", ChineseTextNormalizer.Normalize("ＶＩＰ会员１２３"));
    }

    [Fact]
    public void Normalize_CjkPunctuation_IsRemoved()
    {
        var normalized = ChineseTextNormalizer.Normalize("你好，请问。退货？怎么办！、“引号”（括号）【方括号】");

        Assert.Equal("你好请问退货怎么办引号括号方括号", normalized);
    }

    [Fact]
    public void Normalize_AsciiPunctuationAndSymbols_AreRemoved()
    {
        Assert.Equal("a1b2", ChineseTextNormalizer.Normalize("a!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~1b2"));
    }

    [Fact]
    public void Normalize_WhitespaceIncludingIdeographicSpace_IsRemoved()
    {
        Assert.Equal("退货iphone15", ChineseTextNormalizer.Normalize(" 退\t货\u3000iPhone 15\r\n"));
    }

    [Fact]
    public void Normalize_Emoji_IsRemoved()
    {
        Assert.Equal("退货", ChineseTextNormalizer.Normalize("退货😀👍"));
    }

    [Fact]
    public void Normalize_PunctuationOnly_ReturnsEmpty()
    {
        Assert.Equal(string.Empty, ChineseTextNormalizer.Normalize("？！。…  ,."));
    }

    // A lone surrogate (a character reference such as &#xD800;) used to make NFKC throw; it becomes U+FFFD, which
    // is not a letter and so is dropped.
    [Fact]
    public void Normalize_LoneHighSurrogate_IsRemoved()
    {
        Assert.Equal("什么时候发货", ChineseTextNormalizer.Normalize("什么时候发货\uD800"));
    }

    [Fact]
    public void Normalize_LoneLowSurrogateBetweenLetters_IsRemoved()
    {
        Assert.Equal("退货", ChineseTextNormalizer.Normalize("退\uDC00货"));
    }

    [Fact]
    public void Fold_LoneSurrogate_BecomesReplacementCharacter()
    {
        Assert.Equal("abc\uFFFD", ChineseTextNormalizer.Fold("ABC\uD83D"));
    }
}
