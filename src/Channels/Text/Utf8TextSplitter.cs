using System.Globalization;
using System.Text;

namespace CustomerService.Channels.Text;

/// <summary>
/// Splits text into messages of at most a number of UTF-8 bytes, cutting only between text elements and, where it
/// can, at a paragraph, line, sentence or clause end.
/// </summary>
/// <remarks>
/// <para>
/// The platforms count text limits in UTF-8 bytes (about 2048 for a WeChat customer-service text, 45002 beyond it:
/// https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html), and every
/// message costs one of the few the platform allows after a user message, so an answer is cut into as few messages
/// as the limit allows and each cut falls where a reader expects a pause.
/// </para>
/// <para>
/// Cuts fall only on text-element boundaries (<see cref="StringInfo"/>, which follows the extended grapheme clusters
/// of UAX #29): a surrogate pair, a ZWJ family, a flag, a skin-tone sequence or a keycap is never broken.
/// </para>
/// <para>
/// The number of messages comes first: the text always goes out in the fewest chunks the budget allows (the count
/// that filling every chunk to the last text element that fits would give). Within that, each chunk ends at the last
/// boundary of the best class that fits, in this order: paragraph end (after a blank line), line end, sentence end
/// (。！？；… and ASCII ! ? . with any closing quotes or brackets after them, as in 。」 or ！）), clause end
/// (，、：and ASCII , : ;), whitespace, then any text element. After a sentence or clause mark, following spaces stay
/// with the chunk so that the next one does not start with a space. ASCII marks count only when whitespace or a
/// non-ASCII character follows them, so that 3.14, example.com, 1,000 and 12:30 are not treated as ends.
/// </para>
/// <para>
/// A boundary is a candidate only if the text after it still fits in as few further chunks as the furthest fit would
/// leave, and only if the chunk it ends is at least a third of the budget (<c>maxBytes / 3</c> bytes); the furthest fit
/// itself always qualifies. The first rule is why a 5,000-byte answer in paragraphs of about 1,100 bytes goes out in
/// three 2048-byte messages rather than one per paragraph: each message spent is one of the few the platform allows
/// after a user message, and running out forces the continue tail early. The second keeps a paragraph break near the
/// start from producing a tiny chunk even when the count would allow it.
/// </para>
/// <para>
/// Nothing is trimmed or lost: the chunks concatenated give the input back exactly. A single text element larger
/// than the budget is emitted as a chunk of its own, over the budget, rather than broken. That takes a tiny budget
/// (a ZWJ family is 25 bytes; callers use 64 bytes or more) or a pathological cluster of hundreds of combining marks.
/// </para>
/// </remarks>
public static class Utf8TextSplitter
{
    /// <summary>Splits <paramref name="text"/> into chunks of at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    /// <param name="text">The text to split.</param>
    /// <param name="maxBytes">The byte budget of one chunk; at least 1.</param>
    /// <returns>The chunks in order; empty for empty text. Their concatenation is <paramref name="text"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is less than 1.</exception>
    public static IReadOnlyList<string> Split(string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);

        var map = new BoundaryMap(text, maxBytes);
        var chunks = new List<string>();
        for (var start = 0; start < map.ElementCount;)
        {
            var end = map.ChooseEnd(start, maxBytes);
            chunks.Add(map.Slice(start, end));
            start = end;
        }

        return chunks;
    }

    /// <summary>
    /// Takes at most <paramref name="maxMessages"/> chunks of <paramref name="text"/>. When the text does not fit, the
    /// last chunk ends with <paramref name="continueTail"/>, whose bytes count against that chunk's budget.
    /// </summary>
    /// <param name="text">The text to send.</param>
    /// <param name="maxBytes">The byte budget of one message, tail included; at least 1.</param>
    /// <param name="maxMessages">How many messages may be sent; zero sends nothing.</param>
    /// <param name="continueTail">Appended to the last message when text is left over (e.g. "回复任意内容继续").</param>
    /// <returns>
    /// The chunks and the unsent remainder: the chunks without the tail, followed by the remainder, give
    /// <paramref name="text"/> back.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="maxBytes"/> is less than 1 or <paramref name="maxMessages"/> is negative.
    /// </exception>
    /// <exception cref="ArgumentException"><paramref name="continueTail"/> leaves no room for text in a message.</exception>
    public static PackResult Pack(string text, int maxBytes, int maxMessages, string continueTail)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(continueTail);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxMessages);
        var tailBytes = Utf8Text.ByteCount(continueTail);
        if (tailBytes >= maxBytes)
        {
            throw new ArgumentException(
                $"The continue tail takes {tailBytes} bytes and leaves no room for text within {maxBytes} bytes.",
                nameof(continueTail));
        }

        if (text.Length == 0)
        {
            return new PackResult { Chunks = [] };
        }

        if (maxMessages == 0)
        {
            return new PackResult { Chunks = [], Remainder = text };
        }

        var map = new BoundaryMap(text, maxBytes);
        var chunks = new List<string>(maxMessages);
        var start = 0;
        while (chunks.Count < maxMessages - 1 && start < map.ElementCount)
        {
            var end = map.ChooseEnd(start, maxBytes);
            chunks.Add(map.Slice(start, end));
            start = end;
        }

        if (start == map.ElementCount)
        {
            return new PackResult { Chunks = chunks };
        }

        var whole = map.ChooseEnd(start, maxBytes);
        if (whole == map.ElementCount)
        {
            chunks.Add(map.Slice(start, whole));
            return new PackResult { Chunks = chunks };
        }

        // Text is left over: the last message carries the tail, so its text gets the budget minus the tail. The map
        // still counts the remainder in full-budget messages, the size it will go out in later.
        var last = map.ChooseEnd(start, maxBytes - tailBytes);
        chunks.Add(map.Slice(start, last) + continueTail);
        return new PackResult { Chunks = chunks, Remainder = map.Slice(last, map.ElementCount) };
    }

    private enum BoundaryClass
    {
        Grapheme = 0,
        Whitespace = 1,
        Clause = 2,
        Sentence = 3,
        Line = 4,
        Paragraph = 5,
    }

    /// <summary>
    /// The text elements of one text, their cumulative UTF-8 sizes, the class of every boundary and how many chunks of
    /// a budget the text after every boundary needs.
    /// </summary>
    private sealed class BoundaryMap
    {
        private readonly string _text;

        // _positions[k] is the UTF-16 index of boundary k (before element k); _bytes[k] the UTF-8 size of the text
        // before it; _classes[k] the best class of boundary k; _chunksAfter[k] the fewest chunks of the map's budget
        // that the text from boundary k to the end needs. There are ElementCount + 1 boundaries.
        private readonly int[] _positions;
        private readonly int[] _bytes;
        private readonly BoundaryClass[] _classes;
        private readonly int[] _chunksAfter;

        /// <param name="text">The text.</param>
        /// <param name="maxBytes">The budget in which <see cref="_chunksAfter"/> counts the chunks.</param>
        public BoundaryMap(string text, int maxBytes)
        {
            _text = text;
            var positions = new List<int> { 0 };
            var bytes = new List<int> { 0 };
            for (var index = 0; index < text.Length;)
            {
                var length = StringInfo.GetNextTextElementLength(text, index);
                bytes.Add(bytes[^1] + Encoding.UTF8.GetByteCount(text.AsSpan(index, length)));
                index += length;
                positions.Add(index);
            }

            _positions = [.. positions];
            _bytes = [.. bytes];
            _classes = new BoundaryClass[_positions.Length];
            Classify();
            _chunksAfter = CountChunksAfter(maxBytes);
        }

        public int ElementCount => _positions.Length - 1;

        public string Slice(int startElement, int endElement) =>
            _text[_positions[startElement].._positions[endElement]];

        /// <summary>
        /// The boundary that ends the chunk of at most <paramref name="maxBytes"/> bytes (the map's budget, or less when
        /// a tail takes the rest) starting at boundary <paramref name="start"/>.
        /// </summary>
        public int ChooseEnd(int start, int maxBytes)
        {
            if (_bytes[ElementCount] - _bytes[start] <= maxBytes)
            {
                return ElementCount;
            }

            var far = FurthestFit(start, maxBytes);
            if (far == start)
            {
                // One text element larger than the whole budget: send it alone rather than break it.
                return start + 1;
            }

            // Cutting at the furthest fit leaves the fewest chunks after it (_chunksAfter never grows with k), so a
            // boundary k before it is a candidate only while _chunksAfter[k] is still that fewest: cutting there
            // costs no message. Walking back from the furthest fit, the first boundary met of each class is that
            // class's last candidate, so keeping only strictly better classes leaves the last candidate of the best
            // class.
            var minBytes = maxBytes / 3;
            var fewestAfter = _chunksAfter[far];
            var best = far;
            var bestClass = BoundaryClass.Grapheme;
            for (var k = far; k > start && _bytes[k] - _bytes[start] >= minBytes && _chunksAfter[k] == fewestAfter; k--)
            {
                if (_classes[k] > bestClass)
                {
                    best = k;
                    bestClass = _classes[k];
                }
            }

            return best;
        }

        /// <summary>The last boundary at most <paramref name="maxBytes"/> bytes after <paramref name="start"/>.</summary>
        private int FurthestFit(int start, int maxBytes)
        {
            var far = start;
            while (far < ElementCount && _bytes[far + 1] - _bytes[start] <= maxBytes)
            {
                far++;
            }

            return far;
        }

        /// <summary>
        /// For every boundary, the fewest chunks of at most <paramref name="maxBytes"/> bytes (or of one larger text
        /// element) that the text after it can be cut into.
        /// </summary>
        /// <remarks>
        /// Filling each chunk to its furthest fit gives that fewest count: whatever the cuts of another split, the
        /// n-th furthest-fit cut p is never before its n-th cut q (induction: its next chunk [q, e) either ends by p,
        /// or contains [p, e), which then fits too, so the furthest fit from p reaches e or beyond), so the furthest
        /// fits reach the end in no more chunks. The same argument, started from two boundaries, shows the count never
        /// grows as the boundary moves right, which <see cref="ChooseEnd"/> relies on. Computed from the end
        /// backwards, with the furthest fit found by a pointer that only moves forward: linear in the number of text
        /// elements.
        /// </remarks>
        private int[] CountChunksAfter(int maxBytes)
        {
            var count = ElementCount;
            var chunksAfter = new int[count + 1];
            var furthest = new int[count];
            var far = 0;
            for (var k = 0; k < count; k++)
            {
                far = Math.Max(far, k);
                while (far < count && _bytes[far + 1] - _bytes[k] <= maxBytes)
                {
                    far++;
                }

                furthest[k] = far == k ? k + 1 : far;
            }

            for (var k = count - 1; k >= 0; k--)
            {
                chunksAfter[k] = 1 + chunksAfter[furthest[k]];
            }

            return chunksAfter;
        }

        private ReadOnlySpan<char> Element(int i) => _text.AsSpan(_positions[i], _positions[i + 1] - _positions[i]);

        private void Raise(int boundary, BoundaryClass value)
        {
            if (value > _classes[boundary])
            {
                _classes[boundary] = value;
            }
        }

        private void Classify()
        {
            var count = ElementCount;
            for (var i = 0; i < count; i++)
            {
                var element = Element(i);
                var next = i + 1 < count ? Element(i + 1) : [];

                if (IsWhitespace(element) && (next.IsEmpty || !IsWhitespace(next)))
                {
                    Raise(i + 1, BoundaryClass.Whitespace);
                }

                if (IsLineBreak(element) && (next.IsEmpty || !IsLineBreak(next)))
                {
                    Raise(i + 1, EndsBlankLine(i) ? BoundaryClass.Paragraph : BoundaryClass.Line);
                }

                var isSentence = IsSentenceMark(element[0]);
                if (isSentence || IsClauseMark(element[0]))
                {
                    ClassifyPunctuation(i, element[0], isSentence ? BoundaryClass.Sentence : BoundaryClass.Clause);
                }
            }
        }

        /// <summary>Whether the line break at element <paramref name="i"/> ends a blank line (two breaks, only whitespace between).</summary>
        private bool EndsBlankLine(int i)
        {
            var breaks = 0;
            for (var j = i; j >= 0 && IsWhitespace(Element(j)); j--)
            {
                if (IsLineBreak(Element(j)) && ++breaks == 2)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Marks the end of the punctuation run that starts with the mark at element <paramref name="i"/>.</summary>
        private void ClassifyPunctuation(int i, char mark, BoundaryClass value)
        {
            var count = ElementCount;
            var afterClosers = i + 1;
            while (afterClosers < count && IsCloser(Element(afterClosers)[0]))
            {
                afterClosers++;
            }

            // "？！", "……" or "。」，": the run ends at the last mark, which marks it.
            if (afterClosers < count && (IsSentenceMark(Element(afterClosers)[0]) || IsClauseMark(Element(afterClosers)[0])))
            {
                return;
            }

            var afterSpaces = afterClosers;
            while (afterSpaces < count && IsHorizontalSpace(Element(afterSpaces)))
            {
                afterSpaces++;
            }

            if (char.IsAscii(mark)
                && afterSpaces == afterClosers
                && afterClosers < count
                && char.IsAscii(Element(afterClosers)[0])
                && !IsLineBreak(Element(afterClosers)))
            {
                // 3.14, example.com, 1,000, 12:30, a?b=c: ASCII marks inside a word are not ends.
                return;
            }

            Raise(afterSpaces, value);
        }

        private static bool IsLineBreak(ReadOnlySpan<char> element) =>
            element is "\n" or "\r" or "\r\n" or "\u0085" or "\u2028" or "\u2029";

        private static bool IsHorizontalSpace(ReadOnlySpan<char> element)
        {
            foreach (var c in element)
            {
                if (!char.IsWhiteSpace(c))
                {
                    return false;
                }
            }

            return !IsLineBreak(element);
        }

        private static bool IsWhitespace(ReadOnlySpan<char> element) => IsLineBreak(element) || IsHorizontalSpace(element);

        private static bool IsSentenceMark(char c) => c is '。' or '！' or '？' or '；' or '…' or '⋯' or '｡' or '．' or '!' or '?' or '.';

        private static bool IsClauseMark(char c) => c is '，' or '、' or '：' or ',' or ':' or ';';

        private static bool IsCloser(char c) =>
            c is '」' or '』' or '”' or '’' or '）' or '】' or '》' or '〉' or '〕' or '〗' or '］' or '｝' or '»' or '›'
                or ')' or ']' or '}' or '"' or '\'';
    }
}
