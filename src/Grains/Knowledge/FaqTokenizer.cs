using System.Collections.Frozen;
using System.Text;

namespace CustomerService.Grains.Knowledge;

/// <summary>
/// Splits text into the tokens that <see cref="FaqIndex"/> compares: character bigrams over runs of CJK
/// characters (a run of one character is a unigram) and whole words of other letters and digits.
/// </summary>
/// <remarks>
/// <para>
/// Bigrams need no dictionary (no jieba) and still capture most Chinese words, which are two characters long.
/// The text is folded as <see cref="ChineseTextNormalizer"/> does. Punctuation and spaces end a word but not a
/// CJK run, so that "退 货" and "退货" give the same bigram, exactly as their normalised forms are equal.
/// </para>
/// <para>
/// Function words (<see cref="FunctionWords"/>: 怎么, 什么, 可以, 我想, 吗 …) end a CJK run and are dropped. They
/// say nothing about the topic, yet as bigrams they weigh as much as 退货: measured on the sample FAQ, "我要换货"
/// tied with the return question through 我要, and "什么时候" alone scored 0.68 against "什么时候发货". Without
/// them "我想退货怎么办" and "怎么退货" both become 退货, and a message made only of them ("怎么办", "请问一下")
/// has no tokens and matches nothing.
/// </para>
/// </remarks>
internal static class FaqTokenizer
{
    /// <summary>
    /// Question words, pronouns, fillers and sentence-final particles. Single characters are only those that are
    /// rarely part of a content word (not 能 or 请, which are in 功能 and 申请).
    /// </summary>
    internal static readonly IReadOnlyList<string> FunctionWords =
    [
        "怎么办", "怎么样", "怎么", "怎样", "如何", "为什么", "什么时候", "什么", "多少钱", "多少", "多久",
        "是不是", "能不能", "可不可以", "有没有", "可以", "能否",
        "请问", "你好", "您好", "我想", "我要", "想问", "问一下", "一下", "你们", "我们", "咱们",
        "我", "你", "您", "的", "了", "吗", "呢", "吧", "啊", "呀", "哦", "嘛",
    ];

    // By first character, longest first, so that 怎么办 wins over 怎么 at the same position.
    private static readonly FrozenDictionary<char, string[]> FunctionWordsByFirstChar = FunctionWords
        .GroupBy(word => word[0])
        .ToFrozenDictionary(group => group.Key, group => group.OrderByDescending(word => word.Length).ToArray());

    /// <summary>The distinct tokens of <paramref name="text"/>, in order of first appearance.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var tokens = new Tokens();
        var cjkRun = new StringBuilder();
        var word = new StringBuilder();
        Span<char> buffer = stackalloc char[2];

        foreach (var rune in ChineseTextNormalizer.Fold(text).EnumerateRunes())
        {
            if (!ChineseTextNormalizer.IsKept(rune))
            {
                FlushWord(word, tokens);
                continue;
            }

            var chars = buffer[..rune.EncodeToUtf16(buffer)];
            if (ChineseTextNormalizer.IsUnspacedScript(rune))
            {
                FlushWord(word, tokens);
                cjkRun.Append(chars);
            }
            else
            {
                FlushCjkRun(cjkRun, tokens);
                word.Append(chars);
            }
        }

        FlushWord(word, tokens);
        FlushCjkRun(cjkRun, tokens);
        return tokens.List;
    }

    private static void FlushWord(StringBuilder word, Tokens tokens)
    {
        if (word.Length > 0)
        {
            tokens.Add(word.ToString());
            word.Clear();
        }
    }

    private static void FlushCjkRun(StringBuilder runBuilder, Tokens tokens)
    {
        if (runBuilder.Length == 0)
        {
            return;
        }

        var run = runBuilder.ToString();
        runBuilder.Clear();

        // Rune boundaries of the current segment (the text between function words), as char offsets.
        var segment = new List<int>();
        var offset = 0;
        while (offset < run.Length)
        {
            var functionWordLength = FunctionWordAt(run, offset);
            if (functionWordLength > 0)
            {
                EmitSegment(run, segment, offset, tokens);
                segment.Clear();
                offset += functionWordLength;
                continue;
            }

            segment.Add(offset);
            offset += char.IsSurrogatePair(run, offset) ? 2 : 1;
        }

        EmitSegment(run, segment, run.Length, tokens);
    }

    private static int FunctionWordAt(string run, int offset)
    {
        if (FunctionWordsByFirstChar.TryGetValue(run[offset], out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (run.AsSpan(offset).StartsWith(candidate, StringComparison.Ordinal))
                {
                    return candidate.Length;
                }
            }
        }

        return 0;
    }

    // runeStarts: char offsets of the segment's runes, which are contiguous in run; end: just past the last one.
    private static void EmitSegment(string run, List<int> runeStarts, int end, Tokens tokens)
    {
        if (runeStarts.Count == 1)
        {
            tokens.Add(run[runeStarts[0]..end]);
            return;
        }

        for (var i = 0; i + 1 < runeStarts.Count; i++)
        {
            var bigramEnd = i + 2 < runeStarts.Count ? runeStarts[i + 2] : end;
            tokens.Add(run[runeStarts[i]..bigramEnd]);
        }
    }

    private sealed class Tokens
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

        public List<string> List { get; } = [];

        public void Add(string token)
        {
            if (_seen.Add(token))
            {
                List.Add(token);
            }
        }
    }
}
