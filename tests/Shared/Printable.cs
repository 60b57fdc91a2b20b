using System.Globalization;
using System.Text;

namespace CustomerService.Tests.Shared;

/// <summary>
/// Escapes control characters, surrogates and non-characters as <c>\uXXXX</c> before they reach an assertion.
/// </summary>
/// <remarks>
/// The test runner drops the result of a failing test whose failure message contains an XML-invalid character
/// (e.g. a raw U+0001 or U+FFFF): the test vanishes from the totals and the run still says "Passed". Comparing the
/// escaped forms keeps such failures visible.
/// </remarks>
internal static class Printable
{
    public static string Escape(string? text)
    {
        if (text is null)
        {
            return "(null)";
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\\')
            {
                builder.Append(@"\\");
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
