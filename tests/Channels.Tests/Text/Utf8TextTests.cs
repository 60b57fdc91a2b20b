using System.Text;
using CustomerService.Channels.Text;

namespace CustomerService.Channels.Tests.Text;

public sealed class Utf8TextTests
{
    private const string Family = "\U0001F468\u200D\U0001F469\u200D\U0001F467"; // 👨‍👩‍👧, 18 UTF-8 bytes
    private const string FlagCn = "\U0001F1E8\U0001F1F3"; // 🇨🇳, 8 bytes
    private const string ThumbsUpMediumSkin = "\U0001F44D\U0001F3FD"; // 👍🏽, 8 bytes

    [Fact]
    public void ByteCount_MixedText_CountsUtf8Bytes()
    {
        Assert.Equal(1 + 3 + 4 + 18, Utf8Text.ByteCount("a你😭" + Family));
    }

    [Fact]
    public void TruncateToBytes_TextWithinLimit_ReturnsSameInstance()
    {
        var text = "hello";

        Assert.Same(text, Utf8Text.TruncateToBytes(text, 5));
    }

    [Fact]
    public void TruncateToBytes_AsciiOverLimit_CutsAtExactByteLimit()
    {
        Assert.Equal("hel", Utf8Text.TruncateToBytes("hello", 3));
    }

    [Fact]
    public void TruncateToBytes_ZeroBudget_ReturnsEmpty()
    {
        Assert.Equal(string.Empty, Utf8Text.TruncateToBytes("hello", 0));
    }

    [Fact]
    public void TruncateToBytes_NegativeBudget_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Utf8Text.TruncateToBytes("hello", -1));
    }

    [Theory]
    [InlineData(Family, 18)]
    [InlineData(FlagCn, 8)]
    [InlineData(ThumbsUpMediumSkin, 8)]
    public void TruncateToBytes_BudgetInsideCluster_DropsWholeCluster(string cluster, int clusterBytes)
    {
        var text = "ab" + cluster + "c";

        // Every budget that ends inside the cluster keeps only the prefix before it.
        for (var budget = 2; budget < 2 + clusterBytes; budget++)
        {
            Assert.Equal("ab", Utf8Text.TruncateToBytes(text, budget));
        }
    }

    [Theory]
    [InlineData(Family, 18)]
    [InlineData(FlagCn, 8)]
    [InlineData(ThumbsUpMediumSkin, 8)]
    public void TruncateToBytes_BudgetAtClusterEnd_KeepsWholeCluster(string cluster, int clusterBytes)
    {
        Assert.Equal("ab" + cluster, Utf8Text.TruncateToBytes("ab" + cluster + "cd", 2 + clusterBytes));
    }

    [Fact]
    public void TruncateToBytes_ChineseText_NeverExceedsLimit()
    {
        var text = string.Concat(Enumerable.Repeat("你好", 1000)); // 6000 bytes

        var truncated = Utf8Text.TruncateToBytes(text, 2048);

        // 2048 is not a multiple of 3: the longest fit is 682 characters, 2046 bytes.
        Assert.Equal(682, truncated.Length);
        Assert.Equal(2046, Encoding.UTF8.GetByteCount(truncated));
    }

    [Fact]
    public void TruncateToBytes_EmojiRun_FillsBudgetExactly()
    {
        var text = string.Concat(Enumerable.Repeat(ThumbsUpMediumSkin, 300)); // 2400 bytes

        var truncated = Utf8Text.TruncateToBytes(text, 2048);

        Assert.Equal(2048, Encoding.UTF8.GetByteCount(truncated));
        Assert.Equal(string.Concat(Enumerable.Repeat(ThumbsUpMediumSkin, 256)), truncated);
    }

    [Fact]
    public void JoinWithinBytes_FitsBudget_ReturnsFullJoin()
    {
        Assert.Equal("old\n\nnew", Utf8Text.JoinWithinBytes("old", "\n\n", "new", 8));
    }

    [Fact]
    public void JoinWithinBytes_OverBudget_CutsFromTheEndOnClusterBoundary()
    {
        var joined = Utf8Text.JoinWithinBytes("late answer", " | ", "新" + Family, 19);

        // "late answer | " is 14 bytes, "新" 3 more; the family (18 bytes) does not fit.
        Assert.Equal("late answer | 新", joined);
    }
}
