using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Greenspace.Engines.NwChem;

/// <summary>
/// NWChem's basis set library (Debian package <c>nwchem-data</c>, /usr/share/nwchem/libraries): one
/// file per basis set, one <c>basis "El_Name" SPHERICAL|CARTESIAN ... end</c> block per element. The
/// adapter finds the file whose blocks carry the requested name, and copies the molecule's element
/// blocks into the input itself, so that the file recorded in the keywords (and hashed) is the one
/// that ran, whatever NWChem's own name-to-file rules or an <c>.nwchemrc</c> would have chosen.
/// </summary>
public static partial class NwChemBasisLibrary
{
    private static readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Indexes = new();

    /// <summary>The library directory: $NWCHEM_BASIS_LIBRARY, or share/nwchem/libraries beside the executable.</summary>
    public static string? Directory(string? executablePath)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("NWCHEM_BASIS_LIBRARY") is { Length: > 0 } env)
            candidates.Add(env);
        if (executablePath is not null && Path.GetDirectoryName(executablePath) is { } bin)
            candidates.Add(Path.GetFullPath(Path.Combine(bin, "..", "share", "nwchem", "libraries")));
        candidates.Add("/usr/share/nwchem/libraries");
        return candidates.FirstOrDefault(System.IO.Directory.Exists);
    }

    /// <summary>The file in <paramref name="directory"/> that defines <paramref name="basis"/> (case-insensitive), or null.</summary>
    public static string? FindFile(string directory, string basis) =>
        Indexes.GetOrAdd(directory, BuildIndex).TryGetValue(basis.ToLowerInvariant(), out var file) ? file : null;

    // The name of a file's first block names the file's basis set; an ECP-only file has none.
    private static IReadOnlyDictionary<string, string> BuildIndex(string directory)
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                var m = BlockHeader().Match(line);
                if (!m.Success)
                    continue;
                index.TryAdd(m.Groups["name"].Value.ToLowerInvariant(), file);
                break;
            }
        }
        return index;
    }

    /// <summary>One element's block: its lines between the header and <c>end</c>.</summary>
    public sealed record ElementBlock(string Symbol, string Body);

    /// <summary>The blocks of a library file (NWChem's basis format), by element symbol as written there.</summary>
    public static IReadOnlyDictionary<string, ElementBlock> ReadBlocks(string content)
    {
        var blocks = new Dictionary<string, ElementBlock>(StringComparer.OrdinalIgnoreCase);
        var lines = content.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var m = BlockHeader().Match(lines[i]);
            if (!m.Success)
                continue;
            var body = new StringBuilder();
            int j = i + 1;
            for (; j < lines.Length && !lines[j].Trim().Equals("end", StringComparison.OrdinalIgnoreCase); j++)
                body.Append(lines[j].TrimEnd()).Append('\n');
            var symbol = m.Groups["element"].Value;
            blocks.TryAdd(symbol, new ElementBlock(symbol, body.ToString()));
            i = j;
        }
        return blocks;
    }

    [GeneratedRegex(@"^\s*basis\s+""(?<element>[A-Za-z]{1,3})_(?<name>[^""]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex BlockHeader();
}
