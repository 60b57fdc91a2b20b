using CustomerService.Grains.Knowledge;
using Microsoft.Extensions.Options;

namespace CustomerService.Grains.Tests.Knowledge;

/// <summary>The shipped sample FAQ, loaded as the host loads it: default options, path resolved by the knowledge base.</summary>
public sealed class SampleFaqTests
{
    // One instance for the class: the index is immutable, and loading it once keeps the theories fast.
    private static readonly FaqKnowledgeBase KnowledgeBase = new(Options.Create(new KnowledgeOptions()));

    [Fact]
    public void SampleFile_IsCopiedToOutputFolder()
    {
        Assert.True(File.Exists(SampleFaq.OutputPath), $"Missing {SampleFaq.OutputPath}");
    }

    [Fact]
    public void Preload_DefaultOptions_LoadsTwentyEntries()
    {
        Assert.Equal(20, KnowledgeBase.Preload(null));
    }

    [Fact]
    public void ReadFile_Sample_KeepsCommasAndLineBreaksOfQuotedAnswer()
    {
        var entry = FaqCsvReader.ReadFile(SampleFaq.OutputPath).Single(e => e.Question == "客服工作时间");

        Assert.Equal("客服在线时间：\n周一至周五 9:00-21:00\n周六, 周日及节假日 10:00-18:00", entry.Answer);
    }

    [Fact]
    public void ReadFile_Sample_UnescapesDoubledQuotes()
    {
        var entry = FaqCsvReader.ReadFile(SampleFaq.OutputPath).Single(e => e.Question == "能开发票吗");

        Assert.Equal(
            "可以开具电子普通发票：确认收货后在订单详情页点击\"申请开票\"，填写抬头和税号即可，发票会发送到您的邮箱。",
            entry.Answer);
    }

    [Fact]
    public void ReadFile_Sample_NoPhrasingMentionsHumanHandoffKeyword()
    {
        var phrasings = FaqCsvReader.ReadFile(SampleFaq.OutputPath).SelectMany(e => e.Similar.Prepend(e.Question));

        Assert.DoesNotContain(phrasings, phrasing => phrasing.Contains("人工", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("什么时候发货？", "什么时候发货")]
    [InlineData("下单后几天能发货啊", "什么时候发货")]
    [InlineData("我想退货怎么办", "怎么退货")]
    [InlineData("不想要了，能退吗", "怎么退货")]
    [InlineData("我要换货", "怎么换货")]
    [InlineData("运费多少钱", "运费怎么算")]
    [InlineData("包邮吗？", "运费怎么算")]
    [InlineData("退款几天能到账", "退款多久到账")]
    [InlineData("我的快递到哪了", "怎么查询订单")]
    [InlineData("地址填错了怎么改", "怎么修改收货地址")]
    [InlineData("能开发票吗", "能开发票吗")]
    [InlineData("能不能开发票", "能开发票吗")]
    [InlineData("你们几点下班", "客服工作时间")]
    [InlineData("周末有客服吗？", "客服工作时间")]
    [InlineData("可以用微信付款吗", "支持哪些支付方式")]
    [InlineData("优惠券怎么使用", "优惠券怎么用")]
    [InlineData("ＶＩＰ积分怎么兑换", "会员积分有什么用")]
    [InlineData("我穿多大码合适", "尺码怎么选")]
    [InlineData("衣服破了个洞", "收到的商品有质量问题怎么办")]
    [InlineData("客服电话多少", "怎么联系你们")]
    [InlineData("你们有实体店吗", "门店地址在哪")]
    [InlineData("订单可以取消吗", "可以取消订单吗")]
    [InlineData("这个什么时候有货", "缺货的商品什么时候补货")]
    [InlineData("能发顺丰吗", "发什么快递")]
    [InlineData("刚买就降价了", "买了之后降价了能退差价吗")]
    public void FindAnswer_RealisticPhrasing_ReturnsExpectedEntry(string message, string expectedQuestion)
    {
        var answer = KnowledgeBase.FindAnswer(message, null);

        Assert.Equal(expectedQuestion, answer?.Question);
    }

    [Theory]
    [InlineData("今天天气怎么样")]
    [InlineData("你好")]
    [InlineData("asdf")]
    [InlineData("讲个笑话")]
    [InlineData("你是机器人吗")]
    [InlineData("帮我写一首诗")]
    [InlineData("谢谢")]
    [InlineData("在吗")]
    [InlineData("怎么办")]
    [InlineData("多少钱")]
    [InlineData("什么时候")]
    [InlineData("推荐一部电影")]
    [InlineData("你们的客服态度太差了")]
    [InlineData("这件衣服好看吗")]
    [InlineData("会员卡怎么办理")]
    [InlineData("我想换个话题")]
    public void FindAnswer_UnrelatedMessage_ReturnsNull(string message)
    {
        Assert.Null(KnowledgeBase.FindAnswer(message, null));
    }
}
