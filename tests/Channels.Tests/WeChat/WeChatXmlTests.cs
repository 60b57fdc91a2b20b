using CustomerService.Channels.WeChat;
using CustomerService.Tests.Shared;

namespace CustomerService.Channels.Tests.WeChat;

public sealed class WeChatXmlTests
{
    [Fact]
    public void TryParseFields_CDataAndPlainText_ReturnsElementText()
    {
        var ok = WeChatXml.TryParseFields(
            "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1348831860</CreateTime><Content>a &amp; b</Content></xml>",
            out var fields,
            out var error);

        Assert.True(ok);
        Assert.Null(error);
        Assert.Equal(3, fields.Count);
        Assert.Equal("gh_1", fields["ToUserName"]);
        Assert.Equal("1348831860", fields["CreateTime"]);
        Assert.Equal("a & b", fields["Content"]);
    }

    [Fact]
    public void TryParseFields_DifferentCase_LooksUpCaseInsensitively()
    {
        var fields = ParsedFields("<xml><MsgID>200163836</MsgID></xml>");

        Assert.Equal("200163836", fields["MsgId"]);
    }

    [Fact]
    public void TryParseFields_LeadingBomAndNewlines_Parses()
    {
        var ok = WeChatXml.TryParseFields("\uFEFF\r\n  <?xml version=\"1.0\"?>\n<xml>\n<ToUserName>ww1</ToUserName>\n</xml>\n", out var fields, out _);

        Assert.True(ok);
        Assert.Equal("ww1", fields["ToUserName"]);
    }

    [Fact]
    public void TryParseFields_RawControlCharacter_IsKept()
    {
        var ok = WeChatXml.TryParseFields("<xml><Content><![CDATA[a\u0002b]]></Content></xml>", out var fields, out _);

        Assert.True(ok);
        Assert.Equal(@"a\u0002b", Printable.Escape(fields["Content"]));
    }

    [Theory]
    [InlineData("<xml><Content>a\u0002b</Content></xml>", "a\u0002b")]
    [InlineData("<xml><Content><![CDATA[\u0000x\u001F]]></Content></xml>", "\u0000x\u001F")]
    [InlineData("<xml><Content><![CDATA[a]]>\u0007<![CDATA[b\uFFFE]]></Content></xml>", "a\u0007b\uFFFE")]
    [InlineData("<xml><!-- \u0002 --><Content>a<!-- \u0003 -->b</Content></xml>", "ab")]
    public void TryParseFields_RawInvalidCharacterAnywhereInText_IsKept(string xml, string expected)
    {
        var fields = ParsedFields(xml);

        Assert.Equal(Printable.Escape(expected), Printable.Escape(fields["Content"]));
    }

    [Fact]
    public void TryParseFields_RawLoneSurrogate_IsKept()
    {
        var fields = ParsedFields("<xml><Content><![CDATA[a\uD83Db]]></Content></xml>");

        Assert.Equal(@"a\uD83Db", Printable.Escape(fields["Content"]));
    }

    [Fact]
    public void TryParseFields_SplitCData_JoinsSections()
    {
        var fields = ParsedFields("<xml><Content><![CDATA[a]]]]><![CDATA[>b]]></Content></xml>");

        Assert.Equal("a]]>b", fields["Content"]);
    }

    [Fact]
    public void TryParseFields_ControlCharacterReference_IsDecoded()
    {
        var ok = WeChatXml.TryParseFields("<xml><Content>a&#2;b</Content></xml>", out var fields, out _);

        Assert.True(ok);
        Assert.Equal(@"a\u0002b", Printable.Escape(fields["Content"]));
    }

    [Fact]
    public void TryParseFields_WhitespaceInsideValue_IsPreserved()
    {
        var fields = ParsedFields("<xml><Content><![CDATA[  two  spaces \n]]></Content></xml>");

        Assert.Equal("  two  spaces \n", fields["Content"]);
    }

    [Fact]
    public void TryParseFields_EmptyElement_ReturnsEmptyString()
    {
        var fields = ParsedFields("<xml><EventKey/><Ticket></Ticket></xml>");

        Assert.Equal(string.Empty, fields["EventKey"]);
        Assert.Equal(string.Empty, fields["Ticket"]);
    }

    [Fact]
    public void TryParseFields_ElementWithChildren_IsSkipped()
    {
        var ok = WeChatXml.TryParseFields(
            "<xml><Event>scancode_push</Event><ScanCodeInfo><ScanType>qrcode</ScanType><ScanResult>1</ScanResult></ScanCodeInfo><EventKey>k</EventKey></xml>",
            out var fields,
            out _);

        Assert.True(ok);
        Assert.False(fields.ContainsKey("ScanCodeInfo"));
        Assert.False(fields.ContainsKey("ScanType"));
        Assert.Equal("k", fields["EventKey"]);
        Assert.Equal(2, fields.Count);
    }

    [Fact]
    public void TryParseFields_DuplicateElement_LastOneWins()
    {
        var fields = ParsedFields("<xml><Content>first</Content><content>second</content></xml>");

        Assert.Equal("second", fields["Content"]);
    }

    [Fact]
    public void TryParseFields_CommentsAndProcessingInstructions_AreIgnored()
    {
        var fields = ParsedFields("<xml><!-- c --><?pi x?><Content>a<!-- inner -->b</Content></xml>");

        Assert.Equal("ab", fields["Content"]);
    }

    [Fact]
    public void TryParseFields_EmptyRoot_ReturnsNoFields()
    {
        var ok = WeChatXml.TryParseFields("<xml/>", out var fields, out _);

        Assert.True(ok);
        Assert.Empty(fields);
    }

    [Theory]
    [InlineData("<!DOCTYPE xml [<!ENTITY x \"boom\">]><xml><Content>&x;</Content></xml>")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE xml SYSTEM \"file:///etc/passwd\"><xml><Content>a</Content></xml>")]
    [InlineData("<!DOCTYPE lol [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]><xml><Content>&b;</Content></xml>")]
    public void TryParseFields_Dtd_ReturnsDtdNotAllowed(string xml)
    {
        var ok = WeChatXml.TryParseFields(xml, out var fields, out var error);

        Assert.False(ok);
        Assert.Equal("DTD not allowed", error);
        Assert.Empty(fields);
    }

    [Theory]
    [InlineData("<xml><Content>unclosed</xml>")]
    [InlineData("<xml><Content>a</Content></xml><xml/>")]
    [InlineData("<xml><Content>a</Content></xml>trailing")]
    [InlineData("not xml at all")]
    [InlineData("{\"ToUserName\":\"gh\"}")]
    [InlineData("<xml><Content>&undefined;</Content></xml>")]
    public void TryParseFields_MalformedXml_ReturnsMalformedXml(string xml)
    {
        var ok = WeChatXml.TryParseFields(xml, out _, out var error);

        Assert.False(ok);
        Assert.Equal("malformed XML", error);
    }

    [Fact]
    public void TryParseFields_MalformedXml_ErrorDoesNotEchoPayload()
    {
        var ok = WeChatXml.TryParseFields("<xml><Secret>s3cr3t-value</Wrong></xml>", out _, out var error);

        Assert.False(ok);
        Assert.DoesNotContain("s3cr3t", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<root><Content>a</Content></root>")]
    [InlineData("<XML><Content>a</Content></XML>")]
    public void TryParseFields_WrongRoot_Fails(string xml)
    {
        var ok = WeChatXml.TryParseFields(xml, out _, out var error);

        Assert.False(ok);
        Assert.Equal("root element must be <xml>", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF \r\n")]
    public void TryParseFields_Empty_ReturnsEmptyDocument(string xml)
    {
        var ok = WeChatXml.TryParseFields(xml, out _, out var error);

        Assert.False(ok);
        Assert.Equal("empty document", error);
    }

    [Fact]
    public void TryParseFields_OversizedDocument_Fails()
    {
        var xml = "<xml><Content>" + new string('a', (int)WeChatXml.MaxDocumentCharacters) + "</Content></xml>";

        var ok = WeChatXml.TryParseFields(xml, out _, out var error);

        Assert.False(ok);
        Assert.Equal("document too large", error);
    }

    private static IReadOnlyDictionary<string, string> ParsedFields(string xml)
    {
        Assert.True(WeChatXml.TryParseFields(xml, out var fields, out var error), error);
        return fields;
    }
}
