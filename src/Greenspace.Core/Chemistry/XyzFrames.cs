namespace Greenspace.Chemistry;

/// <summary>
/// The text of one XYZ frame: its comment and atom lines, or the reason the frame's layout is broken.
/// Atom line i is line <see cref="LineNumber"/> + 2 + i of the input.
/// </summary>
internal sealed record XyzFrameText(int Index, int LineNumber, string? Comment, string[] AtomLines, string? Error)
{
    public string Location(string source) => $"{source} frame {Index + 1} (line {LineNumber})";
}

/// <summary>
/// Splits an XYZ stream (plain or extended) into frames: an atom count, a comment line, then that many
/// atom lines. A frame whose layout is broken (no count, a count of 0, too few atom lines or an atom line
/// after the last, the end of the file inside it) comes out with its error, and the split resumes at the next line that
/// holds nothing but a whole number, so one bad frame costs no other.
/// </summary>
internal static class XyzFrames
{
    public static IEnumerable<XyzFrameText> Split(TextReader reader)
    {
        var lines = new NumberedLineReader(reader);
        int index = 0;
        while (true)
        {
            string? line;
            while ((line = lines.Peek()) is not null && LineText.IsBlank(line))
                lines.Read();
            if (line is null)
                yield break;
            lines.Read();
            int start = lines.LineNumber;

            if (!LineText.TryParseInt(line, out int count) || count < 0)
            {
                int resumed = SkipToNextCount(lines);
                yield return Broken(index++, start, null,
                    $"line {start} holds {LineText.Quote(line)} where an atom count (a whole number) belongs{Skipped(start + 1, resumed)}; fix the count line");
                continue;
            }
            string? comment = lines.Read();
            if (comment is null)
            {
                yield return Broken(index++, start, null, $"the file ends after the atom count {count}, before the comment line; complete or remove the frame");
                yield break;
            }
            if (count == 0)
            {
                yield return Broken(index++, start, comment, "the frame declares 0 atoms; remove it or give its atoms");
                continue;
            }

            // A mistyped count must not reserve gigabytes: the list grows with the lines actually there.
            var atoms = new List<string>(Math.Min(count, 4096));
            string? error = null;
            for (int i = 0; i < count && error is null; i++)
            {
                var next = lines.Peek();
                int n = lines.LineNumber + 1;
                if (next is null)
                    error = $"the file ends after {i} of the {count} atom lines the frame declares; complete the frame or fix its count";
                else if (LineText.IsBlank(next))
                    error = $"line {n} is blank after {i} of the {count} atom lines the frame declares; fix the count or remove the blank line";
                else if (LooksLikeCount(next))
                    error = $"line {n} holds {LineText.Quote(next)}, the start of another frame, after {i} of the {count} atom lines the frame declares; fix the count";
                else
                    atoms.Add(lines.Read()!);
            }
            if (error is null && lines.Peek() is { } after && LooksLikeAtom(after))
                error = $"line {lines.LineNumber + 1} holds {LineText.Quote(after)} after the {count} atom lines the frame declares, where the next frame's atom count belongs; fix the count";
            if (error is not null)
            {
                int from = lines.LineNumber + 1, resumed = SkipToNextCount(lines);
                int semicolon = error.LastIndexOf(';');
                yield return Broken(index++, start, comment, error.Insert(semicolon, Skipped(from, resumed)));
                continue;
            }
            yield return new XyzFrameText(index++, start, comment, [.. atoms], null);
        }
    }

    private static XyzFrameText Broken(int index, int line, string? comment, string error) => new(index, line, comment, [], error);

    private static bool LooksLikeCount(string line) => LineText.TryParseInt(line, out int n) && n >= 0;

    // An element and three numbers: an atom line beyond the count (a stray line of text is a broken frame of its own).
    private static bool LooksLikeAtom(string text)
    {
        var line = text.AsSpan();
        int pos = 0;
        if (!LineText.NextToken(line, ref pos, out var symbol) || !Elements.TryParse(symbol, out _))
            return false;
        for (int k = 0; k < 3; k++)
            if (!LineText.NextToken(line, ref pos, out var number) || !LineText.TryParseDouble(number, out _))
                return false;
        return true;
    }

    /// <summary>Consumes lines up to (not including) the next count line; returns that line's number (one past the end at the end).</summary>
    private static int SkipToNextCount(NumberedLineReader lines)
    {
        while (lines.Peek() is { } line && !LooksLikeCount(line))
            lines.Read();
        return lines.LineNumber + 1;
    }

    private static string Skipped(int from, int resumed) => (resumed - from) switch
    {
        <= 0 => "",
        1 => $" (line {from} skipped)",
        _ => $" (lines {from}-{resumed - 1} skipped)",
    };
}
