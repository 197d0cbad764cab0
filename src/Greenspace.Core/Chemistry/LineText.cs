using System.Globalization;

namespace Greenspace.Chemistry;

/// <summary>Small span-based pieces shared by the text readers: whitespace tokens, invariant numbers, quoting a line in a message.</summary>
internal static class LineText
{
    /// <summary>Moves <paramref name="position"/> past the next whitespace-separated token of <paramref name="line"/>; false when none is left.</summary>
    public static bool NextToken(ReadOnlySpan<char> line, ref int position, out ReadOnlySpan<char> token)
    {
        int i = position;
        while (i < line.Length && char.IsWhiteSpace(line[i]))
            i++;
        int start = i;
        while (i < line.Length && !char.IsWhiteSpace(line[i]))
            i++;
        position = i;
        token = line[start..i];
        return i > start;
    }

    public static bool TryParseDouble(ReadOnlySpan<char> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static bool TryParseInt(ReadOnlySpan<char> text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out value);

    /// <summary>A whole number written with any number of decimals ("1", "1.0", "-2.00"); false for 0.5 or text.</summary>
    public static bool TryParseWholeNumber(ReadOnlySpan<char> text, out int value)
    {
        if (TryParseInt(text, out value))
            return true;
        if (TryParseDouble(text.Trim(), out double d) && d == Math.Round(d) && Math.Abs(d) <= int.MaxValue)
        {
            value = (int)d;
            return true;
        }
        return false;
    }

    public static bool IsBlank(string line) => line.AsSpan().IsWhiteSpace();

    /// <summary>A line as a message quotes it: trimmed, and cut at 60 characters.</summary>
    public static string Quote(string line)
    {
        var t = line.Trim();
        return t.Length <= 60 ? $"'{t}'" : $"'{t[..57]}...'";
    }
}
