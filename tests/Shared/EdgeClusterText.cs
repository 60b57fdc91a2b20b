using System.Text;

namespace CustomerService.Tests.Shared;

/// <summary>
/// About 5,000 UTF-8 bytes of Chinese text for the splitter (tests/Channels.Tests) and the push path
/// (tests/Grains.Tests) alike: two short paragraphs (about 800 bytes, over a third of 2048), a body with no
/// punctuation whose runs of grapheme clusters cover bytes 1900 to 2200 and 3850 to 4350, then a closing paragraph.
/// </summary>
/// <remarks>
/// A splitter that takes any nicer boundary over a third of the budget cuts after the intro, again at the furthest
/// fit, and at the closing paragraph: four messages. Three messages leave no room for the intro's end as a cut: the
/// 5,000 bytes then need both cuts near 2048 and 4096, inside the clusters.
/// </remarks>
internal static class EdgeClusterText
{
    /// <param name="body">The body's characters, repeated (no punctuation, so that no sentence end helps).</param>
    /// <param name="clusters">Multi-code-point grapheme clusters (ZWJ families, flags, skin tones, keycaps).</param>
    public static string Build(string body, IReadOnlyList<string> clusters)
    {
        ArgumentException.ThrowIfNullOrEmpty(body);
        ArgumentNullException.ThrowIfNull(clusters);
        const string intro = "您好，感谢您的耐心等待。"; // 36 bytes
        const string closing = "如有其他问题请随时联系我们。"; // 42 bytes
        var builder = new StringBuilder();
        var bytes = 0;
        void Append(string piece)
        {
            builder.Append(piece);
            bytes += Encoding.UTF8.GetByteCount(piece);
        }

        while (bytes < 380)
        {
            Append(intro);
        }

        Append("\n\n");
        while (bytes < 780)
        {
            Append(intro);
        }

        Append("\n\n");
        for (var next = 0; bytes < 4450; next++)
        {
            Append(bytes is (>= 1900 and < 2200) or (>= 3850 and < 4350)
                ? clusters[next % clusters.Count]
                : body[next % body.Length].ToString());
        }

        Append("\n\n");
        while (bytes < 5000)
        {
            Append(closing);
        }

        return builder.ToString();
    }
}
