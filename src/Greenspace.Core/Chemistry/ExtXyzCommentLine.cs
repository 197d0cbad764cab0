using System.Text;

namespace Greenspace.Chemistry;

/// <summary>
/// The key=value grammar of an extended XYZ comment line, as ASE 3.22 parses it
/// (<c>ase.io.extxyz.key_val_str_to_dict</c>): pairs split on whitespace; a value may be quoted with
/// "", '', {} or [] to hold spaces; a backslash takes the next character literally; spaces around
/// '=' are allowed; a key without '=' stands alone (ASE reads it as True). One deliberate difference:
/// an empty quoted value (<c>a="" b=1</c>) ends its pair here, where ASE 3.22 runs on into the next.
/// </summary>
internal static class ExtXyzCommentLine
{
    /// <summary>The pairs in the order written; a lone key has a null value.</summary>
    public static List<(string Key, string? Value)> Parse(string line)
    {
        // Each pair is a list of parts: the key, then one part per '='; ASE joins extra parts back with '='.
        var pairs = new List<List<StringBuilder>>();
        List<StringBuilder> Current() => pairs[^1];
        void StartPair() => pairs.Add([new StringBuilder()]);
        StartPair();

        char closing = '\0';
        bool escaped = false;
        bool partStarted = false; // a quote opens a part even when nothing is inside it
        foreach (char c in line.AsSpan().Trim())
        {
            if (escaped)
            {
                Current()[^1].Append(c);
                escaped = false;
            }
            else if (c == '\\')
                escaped = true;
            else if (closing != '\0')
            {
                if (c == closing)
                    closing = '\0';
                else
                    Current()[^1].Append(c);
            }
            else if (c is '"' or '\'' or '{' or '[')
            {
                closing = c switch { '{' => '}', '[' => ']', _ => c };
                partStarted = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (partStarted || Current()[^1].Length > 0)
                    StartPair();
                partStarted = false;
            }
            else if (c == '=')
            {
                // "key = value": the '=' after a space belongs to the pair before it.
                if (pairs.Count > 1 && Current() is [{ Length: 0 }])
                    pairs.RemoveAt(pairs.Count - 1);
                Current().Add(new StringBuilder());
                partStarted = false;
            }
            else
                Current()[^1].Append(c);
        }

        var result = new List<(string, string?)>(pairs.Count);
        foreach (var parts in pairs)
        {
            string key = parts[0].ToString();
            if (key.Length == 0)
                continue;
            string? value = parts.Count == 1 ? null : string.Join('=', parts.Skip(1));
            result.Add((key, value));
        }
        return result;
    }
}
