using CustomerService.Channels.Text;
using CustomerService.Tests.Shared;

namespace CustomerService.Channels.Tests.Text;

// Lone surrogates cannot go through attribute arguments (metadata stores them as UTF-8), so these are facts, and
// every comparison is of escaped forms (see Printable).
public sealed class Utf16TextTests
{
    private const string Crying = "\uD83D\uDE2D"; // 😭, a valid pair

    [Fact]
    public void ReplaceLoneSurrogates_CleanText_ReturnsSameInstance()
    {
        var text = "什么时候发货 " + Crying + " abc\uFFFD";

        Assert.Same(text, Utf16Text.ReplaceLoneSurrogates(text));
    }

    [Fact]
    public void ReplaceLoneSurrogates_LoneHighSurrogate_BecomesReplacementCharacter()
    {
        Assert.Equal("什么时候发货\uFFFD", Printable.Escape(Utf16Text.ReplaceLoneSurrogates("什么时候发货\uD800")));
    }

    [Fact]
    public void ReplaceLoneSurrogates_LoneLowSurrogate_BecomesReplacementCharacter()
    {
        Assert.Equal("a\uFFFDb", Printable.Escape(Utf16Text.ReplaceLoneSurrogates("a\uDC00b")));
    }

    [Fact]
    public void ReplaceLoneSurrogates_HighSurrogateBeforeNonSurrogate_BecomesReplacementCharacter()
    {
        Assert.Equal("\uFFFDx", Printable.Escape(Utf16Text.ReplaceLoneSurrogates("\uD83Dx")));
    }

    [Fact]
    public void ReplaceLoneSurrogates_ReversedPair_ReplacesBoth()
    {
        Assert.Equal("\uFFFD\uFFFD", Printable.Escape(Utf16Text.ReplaceLoneSurrogates("\uDE2D\uD83D")));
    }

    [Fact]
    public void ReplaceLoneSurrogates_ValidPairNextToLoneSurrogate_KeepsThePair()
    {
        Assert.Equal(
            Printable.Escape(Crying + "\uFFFD" + Crying),
            Printable.Escape(Utf16Text.ReplaceLoneSurrogates(Crying + "\uD800" + Crying)));
    }

    [Fact]
    public void ReplaceLoneSurrogates_ValidPairAtStart_KeepsThePair()
    {
        Assert.Equal(
            Printable.Escape(Crying + "a\uFFFD"),
            Printable.Escape(Utf16Text.ReplaceLoneSurrogates(Crying + "a\uDC00")));
    }

    [Fact]
    public void ReplaceLoneSurrogates_ValidPairAtEnd_KeepsThePair()
    {
        Assert.Equal(
            Printable.Escape("\uFFFDa" + Crying),
            Printable.Escape(Utf16Text.ReplaceLoneSurrogates("\uD800a" + Crying)));
    }

    [Fact]
    public void ReplaceLoneSurrogates_HighSurrogateAtEndAfterAPair_ReplacesOnlyTheLoneOne()
    {
        Assert.Equal(
            Printable.Escape(Crying + "\uFFFD"),
            Printable.Escape(Utf16Text.ReplaceLoneSurrogates(Crying + "\uD83D")));
    }

    [Fact]
    public void ReplaceLoneSurrogates_RepairedText_EncodesAsUtf8WithoutThrowing()
    {
        var repaired = Utf16Text.ReplaceLoneSurrogates("发货\uD800");

        Assert.Equal(new byte[] { 0xE5, 0x8F, 0x91, 0xE8, 0xB4, 0xA7, 0xEF, 0xBF, 0xBD }, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(repaired));
    }

    [Fact]
    public void ReplaceLoneSurrogatesOrNull_Null_ReturnsNull()
    {
        Assert.Null(Utf16Text.ReplaceLoneSurrogatesOrNull(null));
    }

    [Fact]
    public void ReplaceLoneSurrogatesOrNull_LoneSurrogate_Repairs()
    {
        Assert.Equal("\uFFFD", Printable.Escape(Utf16Text.ReplaceLoneSurrogatesOrNull("\uDFFF")));
    }

    [Fact]
    public void ReplaceLoneSurrogates_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => Utf16Text.ReplaceLoneSurrogates(null!));
    }
}
