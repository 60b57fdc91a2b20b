using CustomerService.IngressApi.Tests.WeChat;
using CustomerService.Simulator.Llm;
using CustomerService.Simulator.WeChat;

namespace CustomerService.IngressApi.Tests.Llm;

/// <summary>
/// A question the FAQ cannot answer goes ingress → conversation grain → LLM worker grain → OpenAI client → HTTP,
/// and the model's answer comes back as the encrypted passive reply.
/// </summary>
public sealed class ModelRoundTripTests(FakeModelFixture host) : IClassFixture<FakeModelFixture>
{
    [Fact]
    public async Task Post_QuestionOutsideTheFaq_RepliesWithTheModelsAnswer()
    {
        const string question = "请给我推荐一本关于宋代历史的入门书";

        var exchange = await WeChat().SendTextAsync(NewUser(), question, TestContext.Current.CancellationToken);

        Assert.Null(exchange.Error);
        Assert.Equal(FakeOpenAiServer.AnswerFor(question), exchange.ReplyText);
    }

    [Fact]
    public async Task Post_SecondQuestion_SendsTheFirstExchangeAsContext()
    {
        var user = NewUser();
        const string first = "我想了解一下敦煌的壁画";
        const string second = "那它们大概是哪个朝代的";
        await WeChat().SendTextAsync(user, first, TestContext.Current.CancellationToken);

        await WeChat().SendTextAsync(user, second, TestContext.Current.CancellationToken);

        var messages = host.Model.LastRequest!["messages"]!.AsArray();
        Assert.Equal(
            ["system", "user", "assistant", "user"],
            messages.Select(m => (string?)m!["role"]).ToArray());
        Assert.Equal(first, (string?)messages[1]!["content"]);
        Assert.Equal(FakeOpenAiServer.AnswerFor(first), (string?)messages[2]!["content"]);
        Assert.Equal("simulated-model", (string?)host.Model.LastRequest["model"]);
    }

    private WeChatUserSimulator WeChat() => TestAccount.Simulator(host.Client);

    private static string NewUser() => "oModel" + Guid.NewGuid().ToString("N");
}
