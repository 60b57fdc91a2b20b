using System.Globalization;
using System.Text;
using CustomerService.Channels.Text;
using CustomerService.Tests.Shared;

namespace CustomerService.Channels.Tests.Text;

public sealed class Utf8TextSplitterTests
{
    private const string Family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466"; // 👨‍👩‍👧‍👦, 25 bytes
    private const string FlagCn = "\U0001F1E8\U0001F1F3"; // 🇨🇳, 8 bytes
    private const string ThumbsUpMediumSkin = "\U0001F44D\U0001F3FD"; // 👍🏽, 8 bytes
    private const string KeycapOne = "1\uFE0F\u20E3"; // 1️⃣, 7 bytes
    private const string EAcute = "e\u0301"; // e + combining acute, 3 bytes
    private const string RedHeart = "\u2764\uFE0F"; // ❤️, 6 bytes
    private const string Tail = "（回复任意内容继续）"; // 30 bytes

    private static readonly string[] Clusters = [Family, FlagCn, ThumbsUpMediumSkin, KeycapOne, EAcute, RedHeart];

    [Fact]
    public void Split_EmptyText_ReturnsEmptyList()
    {
        Assert.Empty(Utf8TextSplitter.Split(string.Empty, 2048));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Split_MaxBytesBelowOne_Throws(int maxBytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Utf8TextSplitter.Split("你好", maxBytes));
    }

    [Fact]
    public void Split_TextWithinBudget_ReturnsWholeTextAsOneChunk()
    {
        Assert.Equal(["您好，订单已发货。\n\n请查收。"], Utf8TextSplitter.Split("您好，订单已发货。\n\n请查收。", 2048));
    }

    [Fact]
    public void Split_ChineseTextWithClustersAtEveryCutEdge_CutsBetweenClustersInThreeChunks()
    {
        var text = EdgeText();
        Assert.True(Utf8Text.ByteCount(text) >= 5000);

        var chunks = Utf8TextSplitter.Split(text, 2048);

        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.InRange(Utf8Text.ByteCount(c), 1, 2048));
        Assert.Equal(Printable.Escape(text), Printable.Escape(string.Concat(chunks)));
        Assert.All(chunks, c => AssertStartsWithBaseCharacter(c));
        var elementStarts = ElementStarts(text);
        foreach (var cut in CutPositions(chunks))
        {
            Assert.Contains(cut, elementStarts);
            // Both sides of the cut are multi-code-unit clusters: the cut really fell inside a run of them.
            Assert.True(StringInfo.GetNextTextElementLength(text, cut) > 1, $"The cut at {cut} is not followed by a cluster.");
            Assert.True(ElementEndingAt(text, cut).Length > 1, $"The cut at {cut} is not preceded by a cluster.");
        }
    }

    [Theory]
    [InlineData(new[] { 1_100, 1_100, 1_100, 1_100, 600 })]
    [InlineData(new[] { 700, 1_400, 800, 1_300, 760 })]
    public void Split_FiveThousandBytesInParagraphsOfAbout1100Bytes_UsesThreeChunks(int[] paragraphBytes)
    {
        // No two neighbouring paragraphs fit one message, so cutting at every paragraph end would take four (the
        // first) or five (the second) of the five messages the quota allows; three are enough.
        var text = ParagraphText(paragraphBytes);
        Assert.InRange(Utf8Text.ByteCount(text), 5_000, 5_200);

        var chunks = Utf8TextSplitter.Split(text, 2048);

        Assert.Equal(3, chunks.Count);
        Assert.All(chunks, c => Assert.InRange(Utf8Text.ByteCount(c), 1, 2048));
        Assert.Equal(text, string.Concat(chunks));
    }

    [Fact]
    public void Split_ParagraphEndThatCostsNoMessage_IsStillPreferred()
    {
        var text = ParagraphText([1_100, 1_100, 1_100, 1_100, 600]);

        var chunks = Utf8TextSplitter.Split(text, 2048);

        // The first paragraph ends after 1,124 bytes, and the other 3,986 still fit in two messages.
        Assert.EndsWith("。\n\n", chunks[0], StringComparison.Ordinal);
        Assert.InRange(Utf8Text.ByteCount(chunks[0]), 1_000, 1_200);
    }

    [Fact]
    public void Split_ClustersAcrossBothByteEdgesAndParagraphsElsewhere_CutsInsideTheClustersInThreeChunks()
    {
        var text = ClustersAtTheEdgesText();
        Assert.InRange(Utf8Text.ByteCount(text), 5_000, 5_100);

        var chunks = Utf8TextSplitter.Split(text, 2048);

        Assert.InRange(chunks.Count, 1, 3);
        Assert.All(chunks, c => Assert.InRange(Utf8Text.ByteCount(c), 1, 2048));
        Assert.Equal(Printable.Escape(text), Printable.Escape(string.Concat(chunks)));
        Assert.Equal(TextElements(text).Select(Printable.Escape), chunks.SelectMany(TextElements).Select(Printable.Escape));
        foreach (var cut in CutPositions(chunks))
        {
            // Both sides of every cut are multi-code-unit clusters: the cut really fell inside a run of them.
            Assert.True(StringInfo.GetNextTextElementLength(text, cut) > 1, $"The cut at {cut} is not followed by a cluster.");
            Assert.True(ElementEndingAt(text, cut).Length > 1, $"The cut at {cut} is not preceded by a cluster.");
        }
    }

    [Fact]
    public void Split_ParagraphAndLaterSentenceEndBothFit_CutsAtParagraph()
    {
        const string first = "第一段第一句。第一段第二句。\n\n"; // 44 bytes
        const string second = "第二段第一句。第二段第二句。第二段第三句。"; // 63 bytes

        Assert.Equal([first, second], Utf8TextSplitter.Split(first + second, 80));
    }

    [Fact]
    public void Split_ParagraphAndLaterLineBreakBothFit_CutsAtParagraph()
    {
        const string first = "第一段只有一行。\n\n"; // 26 bytes
        const string second = "第二段第一行\n第二段第二行"; // line break at 45 bytes overall

        Assert.Equal([first, second], Utf8TextSplitter.Split(first + second, 60));
    }

    [Fact]
    public void Split_BlankLineWithSpaces_CountsAsParagraph()
    {
        const string first = "第一段只有一行。\n \u3000\n"; // 29 bytes
        const string second = "第二段第一行\n第二段第二行";

        Assert.Equal([first, second], Utf8TextSplitter.Split(first + second, 60));
    }

    [Fact]
    public void Split_LineBreakAndLaterSentenceEndBothFit_CutsAtLineBreak()
    {
        const string first = "第一行没有句号\n"; // 22 bytes
        const string second = "第二行。第三行文字"; // sentence end 12 bytes in

        Assert.Equal([first, second], Utf8TextSplitter.Split(first + second, 40));
    }

    [Fact]
    public void Split_SentenceAndLaterClauseEndsBothFit_CutsAtSentence()
    {
        const string first = "我们已经收到您的订单。"; // 33 bytes
        const string second = "仓库正在备货，预计明天发出，请耐心等待"; // clause ends at 54 and 75 bytes overall

        Assert.Equal([first, second], Utf8TextSplitter.Split(first + second, 80));
    }

    [Fact]
    public void Split_ClauseAndLaterWhitespaceBothFit_CutsAtClause()
    {
        Assert.Equal(["one two three, ", "four five six seven"], Utf8TextSplitter.Split("one two three, four five six seven", 24));
    }

    [Fact]
    public void Split_WhitespaceAndNoPunctuation_CutsAfterLastSpace()
    {
        Assert.Equal(["alpha beta ", "gamma"], Utf8TextSplitter.Split("alpha beta gamma", 12));
    }

    [Fact]
    public void Split_NoPreferredBoundary_FillsBudgetToTheLastGrapheme()
    {
        Assert.Equal(["你好你", "好"], Utf8TextSplitter.Split("你好你好", 10));
    }

    [Fact]
    public void Split_ParagraphUnderAThirdOfBudget_FallsBackToSentence()
    {
        // The paragraph ends after 5 bytes, under 45 / 3: cutting there would waste a message on "短".
        const string first = "短\n\n这是第一句话。"; // 26 bytes
        const string second = "这是第二句话没有结束";

        Assert.Equal([first, second], Utf8TextSplitter.Split(first + second, 45));
    }

    [Fact]
    public void Split_OnlyBoundaryUnderAThirdOfBudget_FillsBudget()
    {
        var chunks = Utf8TextSplitter.Split("短\n\n这是一段很长的没有任何标点符号的文字内容", 45);

        // 5 bytes of "短\n\n" plus 13 characters (39 bytes): the longest fit, not the early paragraph break.
        Assert.Equal(["短\n\n这是一段很长的没有任何标点", "符号的文字内容"], chunks);
    }

    [Fact]
    public void Split_SentenceEndBeforeClosingQuote_KeepsQuoteWithSentence()
    {
        const string first = "他说：“今天发货。”"; // 30 bytes
        const string second = "然后我们确认了订单号码";

        Assert.Equal([first, second], Utf8TextSplitter.Split(first + second, 45));
    }

    [Fact]
    public void Split_SentenceEndBeforeClosingBracket_KeepsBracketWithSentence()
    {
        const string first = "「请稍候！」（马上就好！）"; // 39 bytes
        const string second = "客服正在为您查询订单";

        Assert.Equal([first, second], Utf8TextSplitter.Split(first + second, 60));
    }

    [Fact]
    public void Split_LatinSentenceEnd_KeepsTheSpaceWithTheSentence()
    {
        Assert.Equal(["We shipped it. ", "Thanks for waiting"], Utf8TextSplitter.Split("We shipped it. Thanks for waiting", 25));
    }

    [Fact]
    public void Split_DecimalPoint_IsNotASentenceEnd()
    {
        // A sentence end after "3." would beat the later space; the decimal point must not count as one.
        Assert.Equal(["Version 3.14 ", "is out now"], Utf8TextSplitter.Split("Version 3.14 is out now", 14));
    }

    [Fact]
    public void Split_AsciiQuestionMarkBeforeChinese_IsASentenceEnd()
    {
        Assert.Equal(["收到了吗?", "我们已经发货了"], Utf8TextSplitter.Split("收到了吗?我们已经发货了", 24));
    }

    [Fact]
    public void Split_RunOfMarksDoesNotFit_DoesNotCutInsideTheRun()
    {
        // The budget ends after "？": a cut there would start the next message with "！", so the clause end wins.
        Assert.Equal(["好的，", "真的吗？！好的"], Utf8TextSplitter.Split("好的，真的吗？！好的", 21));
    }

    [Fact]
    public void Split_EllipsisDoesNotFit_DoesNotCutBetweenItsHalves()
    {
        Assert.Equal(["好的，", "稍等……我们"], Utf8TextSplitter.Split("好的，稍等……我们", 18));
    }

    [Fact]
    public void Split_ClosingQuoteDoesNotFit_DoesNotCutBetweenMarkAndQuote()
    {
        // The budget ends after "。", before "”": the cut goes back to the clause end rather than orphan the quote.
        var chunks = Utf8TextSplitter.Split("他说：“今天发货。”然后我们确认了订单号码", 27);

        Assert.Equal("他说：", chunks[0]);
    }

    [Fact]
    public void Split_CrLf_StaysTogether()
    {
        // "ab\r" would fit 3 bytes; CR LF is one text element, so it moves on as a whole.
        Assert.Equal(["ab", "\r\n", "cd"], Utf8TextSplitter.Split("ab\r\ncd", 3));
    }

    [Fact]
    public void Split_SingleClusterLargerThanBudget_EmitsItAlone()
    {
        Assert.Equal(
            ["a", Printable.Escape(Family), "b"],
            Utf8TextSplitter.Split("a" + Family + "b", 3).Select(Printable.Escape));
    }

    [Fact]
    public void Split_RandomTextsAtEveryBudgetFrom8To300_KeepAllInvariants()
    {
        var random = new Random(20261204);
        for (var maxBytes = 8; maxBytes <= 300; maxBytes++)
        {
            for (var round = 0; round < 3; round++)
            {
                var text = RandomText(random, random.Next(0, 400));

                var chunks = Utf8TextSplitter.Split(text, maxBytes);

                AssertSplitInvariants(text, chunks, maxBytes);
            }
        }
    }

    [Fact]
    public void Split_RandomTextsAtEveryBudgetFrom8To300_UseTheFewestChunks()
    {
        var random = new Random(20261205);
        for (var maxBytes = 8; maxBytes <= 300; maxBytes++)
        {
            for (var round = 0; round < 3; round++)
            {
                var text = RandomText(random, random.Next(0, 400));

                var chunks = Utf8TextSplitter.Split(text, maxBytes);

                Assert.True(
                    chunks.Count == FewestChunks(text, maxBytes),
                    $"{chunks.Count} chunks where {FewestChunks(text, maxBytes)} would do (maxBytes {maxBytes}): {Printable.Escape(text)}");
            }
        }
    }

    [Fact]
    public void Pack_EverythingFits_ReturnsSplitChunksWithoutTail()
    {
        const string text = "第一句。第二句。第三句。";

        var result = Utf8TextSplitter.Pack(text, 15, 3, Tail[..1]);

        Assert.Equal(["第一句。", "第二句。", "第三句。"], result.Chunks);
        Assert.Null(result.Remainder);
        Assert.False(result.HasRemainder);
    }

    [Fact]
    public void Pack_TextFitsOneMessageOnlyWithoutTail_SendsItWithoutTail()
    {
        var text = new string('a', 40);

        var result = Utf8TextSplitter.Pack(text, 40, 1, Tail);

        Assert.Equal([text], result.Chunks);
        Assert.False(result.HasRemainder);
    }

    [Fact]
    public void Pack_TextLeftOver_CountsTailBytesInLastChunk()
    {
        var text = new string('a', 100);

        var result = Utf8TextSplitter.Pack(text, 10, 2, "…>");

        // "…>" takes 4 bytes, so the last message carries 6 letters of text.
        Assert.Equal([new string('a', 10), new string('a', 6) + "…>"], result.Chunks);
        Assert.Equal(new string('a', 84), result.Remainder);
        Assert.True(result.HasRemainder);
    }

    [Fact]
    public void Pack_TextLeftOver_LastChunkPrefersBoundaryWithinReducedBudget()
    {
        const string text = "第一句话。第二句话说完。第三句"; // 45 bytes

        var result = Utf8TextSplitter.Pack(text, 39, 1, "»»");

        // The tail takes 4 bytes and leaves 35 for text: "第二句话说完。" ends at 36 and no longer fits, so the
        // message ends at the first sentence (the 30 bytes left still fit one later message).
        Assert.Equal(["第一句话。»»"], result.Chunks);
        Assert.Equal("第二句话说完。第三句", result.Remainder);
    }

    [Fact]
    public void Pack_TextLeftOver_LastChunkSkipsBoundaryThatCostsALaterMessage()
    {
        const string text = "第一句话。第二句话说完。第三句话也很长。"; // 60 bytes

        var result = Utf8TextSplitter.Pack(text, 39, 1, "»»");

        // Ending at the first sentence would leave 45 bytes, two later messages of 39; the furthest fit within the
        // 35 bytes beside the tail leaves 27, one message.
        Assert.Equal(["第一句话。第二句话说完»»"], result.Chunks);
        Assert.Equal("。第三句话也很长。", result.Remainder);
    }

    [Fact]
    public void Pack_MaxMessagesZero_SendsNothingAndKeepsAllText()
    {
        var result = Utf8TextSplitter.Pack("你好", 2048, 0, Tail);

        Assert.Empty(result.Chunks);
        Assert.Equal("你好", result.Remainder);
    }

    [Fact]
    public void Pack_EmptyText_SendsNothingAndKeepsNothing()
    {
        var result = Utf8TextSplitter.Pack(string.Empty, 2048, 5, Tail);

        Assert.Empty(result.Chunks);
        Assert.False(result.HasRemainder);
    }

    [Fact]
    public void Pack_MaxMessagesOneAndLongAnswer_SendsOneChunkEndingWithTail()
    {
        var text = EdgeText();

        var result = Utf8TextSplitter.Pack(text, 2048, 1, Tail);

        var only = Assert.Single(result.Chunks);
        Assert.EndsWith(Tail, only, StringComparison.Ordinal);
        Assert.InRange(Utf8Text.ByteCount(only), 2048 - 25, 2048);
        Assert.Equal(Printable.Escape(text), Printable.Escape(only[..^Tail.Length] + result.Remainder));
    }

    [Fact]
    public void Pack_TailLeavesNoRoom_Throws()
    {
        Assert.Throws<ArgumentException>(() => Utf8TextSplitter.Pack("你好", 30, 1, Tail));
    }

    [Fact]
    public void Pack_NegativeMaxMessages_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Utf8TextSplitter.Pack("你好", 2048, -1, Tail));
    }

    [Fact]
    public void Pack_RandomTexts_KeepAllInvariants()
    {
        var random = new Random(45047);
        for (var maxBytes = 8; maxBytes <= 200; maxBytes++)
        {
            var text = RandomText(random, random.Next(0, 300));
            var tail = maxBytes > 40 ? Tail : "»";
            var maxMessages = random.Next(0, 5);

            var result = Utf8TextSplitter.Pack(text, maxBytes, maxMessages, tail);

            var split = Utf8TextSplitter.Split(text, maxBytes);
            Assert.True(result.Chunks.Count <= maxMessages);
            if (!result.HasRemainder)
            {
                Assert.Equal(split.Select(Printable.Escape), result.Chunks.Select(Printable.Escape));
                continue;
            }

            Assert.True(text.Length == 0 || maxMessages == 0 || split.Count > maxMessages);
            if (result.Chunks.Count == 0)
            {
                Assert.Equal(Printable.Escape(text), Printable.Escape(result.Remainder));
                continue;
            }

            var last = result.Chunks[^1];
            Assert.EndsWith(tail, last, StringComparison.Ordinal);
            var sentText = result.Chunks.Take(result.Chunks.Count - 1).Append(last[..^tail.Length]).ToList();
            Assert.Equal(Printable.Escape(text), Printable.Escape(string.Concat(sentText) + result.Remainder));
            Assert.Equal(split.Take(result.Chunks.Count - 1).Select(Printable.Escape), sentText.SkipLast(1).Select(Printable.Escape));
            Assert.All(result.Chunks.Zip(sentText), pair => Assert.True(
                Utf8Text.ByteCount(pair.First) <= maxBytes || ElementCount(pair.Second) == 1,
                $"A chunk of {Utf8Text.ByteCount(pair.First)} bytes exceeds {maxBytes}: {Printable.Escape(pair.First)}"));
            Assert.NotEqual(string.Empty, result.Remainder);
        }
    }

    private static void AssertSplitInvariants(string text, IReadOnlyList<string> chunks, int maxBytes)
    {
        Assert.Equal(Printable.Escape(text), Printable.Escape(string.Concat(chunks)));
        var elementStarts = ElementStarts(text);
        foreach (var cut in CutPositions(chunks))
        {
            Assert.True(elementStarts.Contains(cut), $"Cut at {cut} is inside a text element of {Printable.Escape(text)} (maxBytes {maxBytes}).");
        }

        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            var bytes = Utf8Text.ByteCount(chunk);
            Assert.NotEqual(0, chunk.Length);
            Assert.True(
                bytes <= maxBytes || ElementCount(chunk) == 1,
                $"Chunk {Printable.Escape(chunk)} has {bytes} bytes, over {maxBytes}, and more than one text element.");
            if (i < chunks.Count - 1)
            {
                // A chunk is short only when a preferred boundary of at least a third of the budget ended it, or
                // when the next text element would not have fitted.
                var nextElement = chunks[i + 1][..StringInfo.GetNextTextElementLength(chunks[i + 1])];
                Assert.True(
                    bytes >= maxBytes / 3 || bytes + Utf8Text.ByteCount(nextElement) > maxBytes,
                    $"Chunk {Printable.Escape(chunk)} has only {bytes} bytes of {maxBytes}.");
            }
        }
    }

    private static void AssertStartsWithBaseCharacter(string chunk)
    {
        var first = char.ConvertToUtf32(chunk, 0);
        var category = CharUnicodeInfo.GetUnicodeCategory(first);
        Assert.False(
            category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
                || first is 0x200D or 0xFE0E or 0xFE0F
                || first is >= 0x1F3FB and <= 0x1F3FF,
            $"The chunk starts with U+{first:X4}, which continues the text element before it.");
        if (first is >= 0x1F1E6 and <= 0x1F1FF)
        {
            // A flag at the start of a chunk must be a whole pair of regional indicators.
            Assert.True(StringInfo.GetNextTextElementLength(chunk) == 4, "The chunk starts with half a flag.");
        }
    }

    /// <summary>About 5,000 bytes of Chinese with runs of clusters where the 2048-byte cuts fall (near 2048 and 4096).</summary>
    private static string EdgeText()
    {
        const string chinese = "我们的客服机器人正在为您查询订单物流信息请稍候";
        var builder = new StringBuilder();
        var bytes = 0;
        var next = 0;
        while (bytes < 5000)
        {
            var piece = bytes is (>= 1900 and < 2200) or (>= 3850 and < 4350)
                ? Clusters[next % Clusters.Length]
                : chinese[next % chinese.Length].ToString();
            next++;
            builder.Append(piece);
            bytes += Encoding.UTF8.GetByteCount(piece);
        }

        return builder.ToString();
    }

    /// <summary>
    /// Chinese sentences in paragraphs of at least the given sizes (whole 51-byte sentences, so e.g. 1,100 gives 1,122),
    /// each ending in a blank line.
    /// </summary>
    private static string ParagraphText(int[] paragraphBytes)
    {
        const string sentence = "我们已经为您查询了订单的物流信息。"; // 51 bytes
        var builder = new StringBuilder();
        foreach (var size in paragraphBytes)
        {
            for (var bytes = 0; bytes < size; bytes += Utf8Text.ByteCount(sentence))
            {
                builder.Append(sentence);
            }

            builder.Append("\n\n");
        }

        return builder.ToString();
    }

    // The shared about-5,000-byte text whose cuts must fall inside the clusters (tests/Shared/EdgeClusterText.cs).
    private static string ClustersAtTheEdgesText() => EdgeClusterText.Build("我们的客服机器人正在为您查询订单物流信息请稍候", Clusters);

    private static string RandomText(Random random, int pieces)
    {
        string[] alphabet =
        [
            "你", "好", "订", "单", "。", "，", "！", "？", "、", "：", "；", "…", "」", "”", "（", "）",
            "\n", "\n\n", "\r\n", " ", "\u3000", "a", "b", "Z", "1", ".", ",", "?", "!", "\"",
            Family, FlagCn, ThumbsUpMediumSkin, KeycapOne, EAcute, RedHeart, "\U0001F1E8", "\u0301", "\u200D",
            "\uD800", "\uDC00",
        ];
        var builder = new StringBuilder();
        for (var i = 0; i < pieces; i++)
        {
            builder.Append(alphabet[random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }

    private static HashSet<int> ElementStarts(string text)
    {
        var starts = StringInfo.ParseCombiningCharacters(text).ToHashSet();
        starts.Add(text.Length);
        return starts;
    }

    private static int ElementCount(string text) => new StringInfo(text).LengthInTextElements;

    /// <summary>
    /// The reference count: every chunk filled with as many whole text elements as fit (at least one), which no other
    /// cut at text-element boundaries can beat.
    /// </summary>
    private static int FewestChunks(string text, int maxBytes)
    {
        var chunks = 0;
        var used = 0;
        foreach (var element in TextElements(text))
        {
            var bytes = Utf8Text.ByteCount(element);
            if (chunks == 0 || used + bytes > maxBytes)
            {
                chunks++;
                used = 0;
            }

            used += bytes;
        }

        return chunks;
    }

    private static List<string> TextElements(string text)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        return elements;
    }

    private static IEnumerable<int> CutPositions(IReadOnlyList<string> chunks)
    {
        var position = 0;
        foreach (var chunk in chunks.Take(chunks.Count - 1))
        {
            position += chunk.Length;
            yield return position;
        }
    }

    private static string ElementEndingAt(string text, int end)
    {
        var start = StringInfo.ParseCombiningCharacters(text).Last(s => s < end);
        return text[start..end];
    }
}
