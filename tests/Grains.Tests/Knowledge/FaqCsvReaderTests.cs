using System.Text;
using CustomerService.Grains.Knowledge;

namespace CustomerService.Grains.Tests.Knowledge;

public sealed class FaqCsvReaderTests
{
    private const string Header = "question,answer,similar\n";

    [Fact]
    public void Read_QuotedComma_KeepsCommaInField()
    {
        var entries = Read(Header + "运费,\"满99元包邮, 不满收8元\",\n");

        Assert.Equal("满99元包邮, 不满收8元", Assert.Single(entries).Answer);
    }

    [Fact]
    public void Read_EscapedQuote_BecomesOneQuote()
    {
        var entries = Read(Header + "退货,\"点击\"\"申请售后\"\"即可\",\n");

        Assert.Equal("点击\"申请售后\"即可", Assert.Single(entries).Answer);
    }

    [Fact]
    public void Read_EmbeddedNewline_KeepsLineBreakInField()
    {
        var entries = Read(Header + "客服时间,\"周一至周五 9:00-21:00\n周末 10:00-18:00\",\n");

        Assert.Equal("周一至周五 9:00-21:00\n周末 10:00-18:00", Assert.Single(entries).Answer);
    }

    [Fact]
    public void Read_CrlfLineEndings_ReadsRecordsWithLfInsideAnswers()
    {
        var entries = Read("question,answer,similar\r\n发货,\"第一行\r\n第二行\",快递\r\n退货,七天,\r\n");

        Assert.Equal(
            [
                new FaqEntry { Question = "发货", Answer = "第一行\n第二行", Similar = ["快递"] },
                new FaqEntry { Question = "退货", Answer = "七天", Similar = [] },
            ],
            entries);
    }

    [Fact]
    public void ReadFile_Utf8WithBom_ReadsHeaderAndRows()
    {
        using var directory = new TempDirectory();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Header + "发票,可以开,开票\n")).ToArray();
        var path = directory.WriteFile("bom.csv", bytes);

        var entries = FaqCsvReader.ReadFile(path);

        Assert.Equal([new FaqEntry { Question = "发票", Answer = "可以开", Similar = ["开票"] }], entries);
    }

    [Fact]
    public void ReadFile_Utf8WithoutBom_ReadsHeaderAndRows()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteFile("plain.csv", new UTF8Encoding(false).GetBytes(Header + "发票,可以开,开票\n"));

        var entries = FaqCsvReader.ReadFile(path);

        Assert.Equal([new FaqEntry { Question = "发票", Answer = "可以开", Similar = ["开票"] }], entries);
    }

    [Fact]
    public void ReadFile_NotUtf8_ThrowsFaqFormatException()
    {
        using var directory = new TempDirectory();
        // "question,answer,similar\n" then 你好,好,\n in GBK (C4E3 BAC3 is 你好), which is invalid UTF-8.
        var bytes = Encoding.ASCII.GetBytes(Header).Concat(new byte[] { 0xC4, 0xE3, 0xBA, 0xC3, 0x2C, 0xBA, 0xC3, 0x2C, 0x0A }).ToArray();
        var path = directory.WriteFile("gbk.csv", bytes);

        var exception = Assert.Throws<FaqFormatException>(() => FaqCsvReader.ReadFile(path));

        Assert.Equal(path, exception.SourceName);
        Assert.Contains("not valid UTF-8", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyAnswer_ThrowsNamingFileAndLine()
    {
        // Line 2 holds a record spanning two lines, so the bad record starts on physical line 4.
        var text = Header + "发货,\"两天内\n发出\",\n退货,  ,退\n";

        var exception = Assert.Throws<FaqFormatException>(() => Read(text));

        Assert.Equal("faq.csv", exception.SourceName);
        Assert.Equal(4, exception.LineNumber);
        Assert.Equal("FAQ file 'faq.csv', line 4: the answer is empty.", exception.Message);
    }

    [Fact]
    public void Read_EmptyQuestion_ThrowsNamingLine()
    {
        var exception = Assert.Throws<FaqFormatException>(() => Read(Header + "发货,两天内,\n,没有问题,\n"));

        Assert.Equal("FAQ file 'faq.csv', line 3: the question is empty.", exception.Message);
    }

    [Fact]
    public void Read_QuestionOfFunctionWordsOnly_ThrowsNamingLine()
    {
        var exception = Assert.Throws<FaqFormatException>(() => Read(Header + "怎么办？,请联系我们,\n"));

        Assert.Equal(2, exception.LineNumber);
    }

    [Fact]
    public void Read_RecordWithTwoFields_ThrowsNamingLine()
    {
        var exception = Assert.Throws<FaqFormatException>(() => Read(Header + "发货,两天内\n"));

        Assert.Equal("FAQ file 'faq.csv', line 2: expected 3 fields (question,answer,similar), found 2.", exception.Message);
    }

    [Fact]
    public void Read_QuoteInsideUnquotedField_ThrowsNamingLine()
    {
        var exception = Assert.Throws<FaqFormatException>(() => Read(Header + "发货,两天内,\n退货,点击\"售后\",\n"));

        Assert.Equal(3, exception.LineNumber);
    }

    [Fact]
    public void Read_HeaderOnly_ReturnsNoEntries()
    {
        Assert.Empty(Read("question,answer,similar\n"));
    }

    [Fact]
    public void Read_HeaderInOtherCase_IsAccepted()
    {
        var entries = Read("Question, ANSWER ,Similar\n发票,可以开,\n");

        Assert.Equal("发票", Assert.Single(entries).Question);
    }

    [Theory]
    [InlineData("q,a,s\n")]
    [InlineData("answer,question,similar\n")]
    [InlineData("question,answer\n")]
    [InlineData("question,answer,similar,category\n")]
    public void Read_WrongHeader_ThrowsOnLineOne(string header)
    {
        var exception = Assert.Throws<FaqFormatException>(() => Read(header + "发票,可以开,\n"));

        Assert.Equal(1, exception.LineNumber);
        Assert.StartsWith(
            "FAQ file 'faq.csv', line 1: the header must be 'question,answer,similar'",
            exception.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyInput_Throws()
    {
        var exception = Assert.Throws<FaqFormatException>(() => Read(string.Empty));

        Assert.Equal("FAQ file 'faq.csv', line 1: the header must be 'question,answer,similar', found an empty file.", exception.Message);
    }

    [Fact]
    public void Read_Similar_IsSplitOnPipeTrimmedAndWithoutEmpties()
    {
        var entries = Read(Header + "发货, 两天内 , 多久发货 | 几天发货 || 发货时间 |\n");

        Assert.Equal(["多久发货", "几天发货", "发货时间"], Assert.Single(entries).Similar);
    }

    [Theory]
    [InlineData("question;answer;similar\n发货;两天内;多久发货\n")]
    [InlineData("question|answer|similar\n发货|两天内|多久发货\n")]
    [InlineData("question\tanswer\tsimilar\n发货\t两天内\t多久发货\n")]
    public void Read_OtherSeparator_IsRejectedRatherThanDetected(string text)
    {
        // Detecting the separator would read these files, and would risk taking the '|' of similar for one.
        var exception = Assert.Throws<FaqFormatException>(() => Read(text));

        Assert.Equal(1, exception.LineNumber);
    }

    [Fact]
    public void Read_EmptyLinesAndAllEmptyRows_AreSkipped()
    {
        var entries = Read(Header + "\n发货,两天内,\n,,\n\n退货,七天,\n,,\n");

        Assert.Equal(["发货", "退货"], entries.Select(entry => entry.Question));
    }

    private static IReadOnlyList<FaqEntry> Read(string text)
    {
        using var reader = new StringReader(text);
        return FaqCsvReader.Read(reader, "faq.csv");
    }
}
