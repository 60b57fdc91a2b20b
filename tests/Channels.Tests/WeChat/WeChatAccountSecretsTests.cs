namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatAccountSecretsTests
{
    [Fact]
    public void ToString_Secrets_PrintsOnlyAppId()
    {
        Assert.Equal("WeChatAccountSecrets { AppId = wx1234567890abcdef }", TestAccount.Secrets.ToString());
    }

    [Fact]
    public void ToString_Secrets_ContainsNeitherTokenNorKey()
    {
        var text = TestAccount.Secrets.ToString();

        Assert.DoesNotContain(TestAccount.Secrets.Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestAccount.Secrets.EncodingAesKey, text, StringComparison.Ordinal);
    }
}
