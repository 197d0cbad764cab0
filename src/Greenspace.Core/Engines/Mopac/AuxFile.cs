using System.Globalization;
using System.Text.RegularExpressions;

namespace Greenspace.Engines.Mopac;

/// <summary>
/// MOPAC's auxiliary output (.aux): lines <c>KEY:UNIT=value</c> for scalars and <c>KEY:UNIT[n]=</c>
/// followed by lines of numbers for arrays, with Fortran <c>D</c> exponents and numbers that may touch
/// ("-8.65-9.29"). Keys are looked up with their unit but without the [n] count; when MOPAC writes a key
/// more than once (one block per optimisation step with some keywords) the last one counts.
/// </summary>
internal sealed partial class AuxFile
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public AuxFile(string text)
    {
        string? key = null;
        var value = new System.Text.StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var header = HeaderPattern().Match(line);
            if (header.Success)
            {
                if (key is not null)
                    _values[key] = value.ToString();
                key = header.Groups[1].Value;
                value.Clear().Append(header.Groups[2].Value).Append(' ');
            }
            else if (key is not null && !line.StartsWith('#'))
            {
                value.Append(line).Append(' ');
            }
        }
        if (key is not null)
            _values[key] = value.ToString();
    }

    /// <summary>The first number of <paramref name="key"/>, or null when the file has no such key.</summary>
    public double? Scalar(string key) => Array(key) is { Length: > 0 } a ? a[0] : null;

    /// <summary>Every number of <paramref name="key"/>, or null when the file has no such key.</summary>
    public double[]? Array(string key) =>
        _values.TryGetValue(key, out var text)
            ? NumberPattern().Matches(text).Select(m => double.Parse(m.Value.Replace('D', 'E').Replace('d', 'E'), NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray()
            : null;

    // "KEY:UNIT[12]=rest": a letter first, then anything up to an optional [count] and the '='.
    [GeneratedRegex(@"^([A-Za-z][^=\[]*?)(?:\[\d+\])?=(.*)$")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[DdEe][-+]?\d+)?")]
    private static partial Regex NumberPattern();
}
