using CustomerService.Channels.Text;
using CustomerService.Tests.Shared;

namespace CustomerService.Channels.Tests.Text;

public sealed class XmlTextTests
{
    [Fact]
    public void StripInvalidChars_ValidText_ReturnsSameInstance()
    {
        var text = "tab\tnewline\ncr\r 你好 😭 \uE000\uFFFD";

        Assert.Same(text, XmlText.StripInvalidChars(text));
    }

    [Theory]
    [InlineData("a\u0002b", "ab")]
    [InlineData("\u0000\u0001\u0008\u000B\u000C\u000E\u001F", "")]
    [InlineData("x\uFFFEy\uFFFFz", "xyz")]
    [InlineData("pair\uD83D\uDE2D\u0007end", "pair\uD83D\uDE2Dend")]
    public void StripInvalidChars_InvalidCharacters_RemovesOnlyThose(string input, string expected)
    {
        Assert.Equal(Printable.Escape(expected), Printable.Escape(XmlText.StripInvalidChars(input)));
    }

    // Lone surrogates cannot go through attribute arguments (metadata stores them as UTF-8), so these are facts.
    [Fact]
    public void StripInvalidChars_LoneHighSurrogate_RemovesIt()
    {
        Assert.Equal("lonehigh", Printable.Escape(XmlText.StripInvalidChars("lone\uD83Dhigh")));
    }

    [Fact]
    public void StripInvalidChars_LoneLowSurrogate_RemovesIt()
    {
        Assert.Equal("lonelow", Printable.Escape(XmlText.StripInvalidChars("lone\uDE2Dlow")));
    }

    [Fact]
    public void StripInvalidChars_SurrogatesInWrongOrder_RemovesBoth()
    {
        Assert.Equal("ab", Printable.Escape(XmlText.StripInvalidChars("a\uDE2D\uD83Db")));
    }

    [Fact]
    public void StripInvalidChars_HighSurrogateAtEnd_RemovesIt()
    {
        Assert.Equal("end", Printable.Escape(XmlText.StripInvalidChars("end\uD83D")));
    }
}
