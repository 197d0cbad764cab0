using nietras.SeparatedValues;
using Greenspace.Engines.OpenBabel;

namespace Greenspace.Execution;

/// <summary>
/// Reads SMILES input: a .smi file (one SMILES per line, optionally followed by whitespace and a name;
/// blank lines and lines starting with '#' are skipped), or a CSV file whose header has a column
/// named "smiles" (any case) and optionally "name" or "id".
/// </summary>
public static class SmilesFile
{
    public static IReadOnlyList<SmilesInput> Read(string path)
    {
        var name = Path.GetFileName(path);
        return Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(path, name) : ReadSmi(File.ReadAllLines(path), name);
    }

    private static List<SmilesInput> ReadSmi(string[] lines, string file)
    {
        var inputs = new List<SmilesInput>();
        for (int i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            int cut = line.IndexOfAny([' ', '\t']);
            var smiles = cut < 0 ? line : line[..cut];
            var title = cut < 0 ? null : line[(cut + 1)..].Trim();
            inputs.Add(new SmilesInput(inputs.Count, smiles, string.IsNullOrEmpty(title) ? null : title, $"{file} line {i + 1}"));
        }
        return inputs;
    }

    private static List<SmilesInput> ReadCsv(string path, string file)
    {
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.All }).FromFile(path);
        var columns = reader.Header.ColNames;
        var smilesColumn = columns.FirstOrDefault(h => h.Equals("smiles", StringComparison.OrdinalIgnoreCase))
            ?? throw new InputFileException($"the CSV file {path} has no column named 'smiles' in its header line; add one, or give a .smi file");
        var nameColumn = columns.FirstOrDefault(h => h.Equals("name", StringComparison.OrdinalIgnoreCase) || h.Equals("id", StringComparison.OrdinalIgnoreCase));
        var inputs = new List<SmilesInput>();
        foreach (var row in reader)
        {
            var title = nameColumn is null ? null : row[nameColumn].ToString();
            inputs.Add(new SmilesInput(inputs.Count, row[smilesColumn].ToString(), string.IsNullOrEmpty(title) ? null : title, $"{file} line {row.LineNumberFrom}"));
        }
        return inputs;
    }
}
