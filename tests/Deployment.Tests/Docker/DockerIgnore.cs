using System.Text;
using System.Text.RegularExpressions;

namespace CustomerService.Deployment.Tests.Docker;

/// <summary>
/// A <c>.dockerignore</c>: which paths of the build context COPY never sees. Patterns as Docker reads them: relative
/// to the context root, <c>*</c> and <c>?</c> within one path segment, <c>**</c> across segments, a leading <c>!</c>
/// re-includes, the last matching pattern wins, and an excluded folder excludes everything below it.
/// </summary>
public sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(List<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore LoadRepository()
    {
        var path = Path.Combine(RepositoryRoot.Path, ".dockerignore");
        return Parse(File.Exists(path) ? File.ReadAllText(path) : "");
    }

    public static DockerIgnore Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new List<(Regex, bool)>();
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var exclude = !line.StartsWith('!');
            var pattern = line.TrimStart('!').Trim().Trim('/');
            rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant), exclude));
        }

        return new DockerIgnore(rules);
    }

    /// <summary>Whether a path of the context (relative, with '/') is left out of the build.</summary>
    public bool IsExcluded(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var segments = relativePath.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            // The path itself or any folder above it.
            for (var length = 1; length <= segments.Length; length++)
            {
                if (pattern.IsMatch(string.Join('/', segments.Take(length))))
                {
                    excluded = exclude;
                    break;
                }
            }
        }

        return excluded;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches any number of folders, including none.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return regex.ToString();
    }
}
