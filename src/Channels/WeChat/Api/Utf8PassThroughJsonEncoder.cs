using System.Text;
using System.Text.Encodings.Web;

namespace CustomerService.Channels.WeChat.Api;

/// <summary>
/// A JSON string encoder that escapes only what JSON requires (<c>"</c>, <c>\</c> and C0 controls) and writes
/// every other character as UTF-8.
/// </summary>
/// <remarks>
/// The built-in encoders, even <see cref="JavaScriptEncoder.UnsafeRelaxedJsonEscaping"/>, escape every character
/// outside the Basic Multilingual Plane, so an emoji would reach WeChat as <c>\uD83D\uDE00</c>. That is valid JSON,
/// but we send the text as the user should see it and do not rely on every hop decoding surrogate escapes. The body
/// goes into a JSON request only (never HTML), so HTML-sensitive characters need no escaping. A lone surrogate
/// becomes U+FFFD (the encoder base class replaces invalid UTF-16).
/// </remarks>
internal sealed class Utf8PassThroughJsonEncoder : JavaScriptEncoder
{
    public static Utf8PassThroughJsonEncoder Instance { get; } = new();

    // "\u001F" is the longest escape.
    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) => unicodeScalar is < 0x20 or '"' or '\\';

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var span = new ReadOnlySpan<char>(text, textLength);
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return i;
            }

            if (char.IsHighSurrogate(c) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
                continue;
            }

            // A lone surrogate: the base class writes U+FFFD for it.
            if (char.IsSurrogate(c))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var destination = new Span<char>(buffer, bufferLength);
        if (!WillEncode(unicodeScalar))
        {
            return new Rune(unicodeScalar).TryEncodeToUtf16(destination, out numberOfCharactersWritten);
        }

        var shortEscape = unicodeScalar switch
        {
            '"' => '"',
            '\\' => '\\',
            '\n' => 'n',
            '\r' => 'r',
            '\t' => 't',
            '\b' => 'b',
            '\f' => 'f',
            _ => '\0',
        };
        if (shortEscape != '\0')
        {
            if (destination.Length < 2)
            {
                numberOfCharactersWritten = 0;
                return false;
            }

            destination[0] = '\\';
            destination[1] = shortEscape;
            numberOfCharactersWritten = 2;
            return true;
        }

        if (destination.Length < 6)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        destination[0] = '\\';
        destination[1] = 'u';
        ((ushort)unicodeScalar).TryFormat(destination[2..], out _, "X4", System.Globalization.CultureInfo.InvariantCulture);
        numberOfCharactersWritten = 6;
        return true;
    }
}
