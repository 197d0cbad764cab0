using System.Collections.Immutable;

namespace Greenspace.Chemistry;

/// <summary>
/// Extended XYZ as ASE writes and reads it (<c>ase.io.extxyz</c>, ASE 3.22): the comment line is key=value
/// pairs, and <c>Properties=species:S:1:pos:R:3:...</c> names the atom columns (type R real, I integer,
/// L logical, S string; then the column count). Species may also come as <c>Z:I:1</c>. Extra real,
/// integer and logical columns (1/0) go into <see cref="MoleculeRecord.AtomColumns"/> under their names as
/// written; extra string columns are not kept. Every comment pair except Properties goes into
/// <see cref="MoleculeRecord.Info"/> as written (a lone key reads "T", as ASE reads it True);
/// <c>charge</c> or <c>total_charge</c> sets the charge, <c>spin</c>, <c>total_spin</c> or <c>multiplicity</c>
/// the multiplicity (2S+1, as OMol25, MACE and SO3LR write them; spin=0 means unstated), <c>name</c> the name.
/// Periodic frames (<c>pbc</c> with a T, or a Lattice without pbc) are refused: Greenspace holds molecules.
/// </summary>
public static partial class ExtXyzFormat
{
    private const string DefaultProperties = "species:S:1:pos:R:3";

    // Per-atom data are vectors and small tensors; a larger count is a typo that must not size buffers.
    private const int MaxColumnWidth = 1000;

    private enum ColumnType { Real, Integer, Logical, Text }

    private sealed record Column(string Name, ColumnType Type, int Width, int Offset);

    /// <summary>Reads every frame, one record per frame, bad frames included with their reason.</summary>
    /// <param name="reader">The text, read to its end lazily as the records are enumerated.</param>
    /// <param name="sourceName">How messages name the input, usually the file name.</param>
    public static IEnumerable<MoleculeRecord> Read(TextReader reader, string sourceName)
    {
        foreach (var frame in XyzFrames.Split(reader))
            yield return ToRecord(frame, sourceName);
    }

    private static MoleculeRecord ToRecord(XyzFrameText frame, string source)
    {
        string location = frame.Location(source);
        var info = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        string? properties = null;
        if (frame.Comment is { } comment)
            foreach (var (key, value) in ExtXyzCommentLine.Parse(comment))
            {
                if (key == "Properties")
                    properties = value;
                else
                    info[key] = value ?? "T";
            }
        MoleculeRecord Bad(string problem) => MoleculeRecord.Bad(frame.Index, location, $"{location}: {problem}") with { Info = info.ToImmutable() };

        if (frame.Error is not null)
            return Bad(frame.Error);
        if (info.TryGetValue("pbc", out var pbc) ? pbc.Contains('T') : info.ContainsKey("Lattice"))
            return Bad($"the frame is periodic (pbc=\"{pbc ?? "T T T"}\"), and Greenspace reads molecules only; write pbc=\"F F F\" for a molecule");
        if (ParseProperties(properties ?? DefaultProperties, out var columns) is { } specError)
            return Bad($"{specError}; write Properties as name:type:count triplets such as species:S:1:pos:R:3");

        var species = columns.FirstOrDefault(c => c.Name == "species" && c is { Type: ColumnType.Text, Width: 1 })
            ?? columns.FirstOrDefault(c => c.Name == "Z" && c is { Type: ColumnType.Integer, Width: 1 });
        var positions = columns.FirstOrDefault(c => c.Name == "pos" && c is { Type: ColumnType.Real, Width: 3 });
        if (species is null || positions is null)
            return Bad($"Properties={properties} has no {(species is null ? "species:S:1 (or Z:I:1)" : "pos:R:3")} column; add it");
        var extras = columns.Where(c => c != species && c != positions && c.Type != ColumnType.Text && c.Name is not ("species" or "pos" or "Z")).ToArray();
        int width = columns[^1].Offset + columns[^1].Width;
        // Without a Properties key the file is plain XYZ with key=value comments: like ASE, ignore columns after z.
        bool exactWidth = properties is not null;

        int n = frame.AtomLines.Length;
        var z = new int[n];
        var r = new Vec3[n];
        var extraRows = extras.Select(_ => new double[n][]).ToArray();
        var tokens = new Range[width + 1];
        for (int i = 0; i < n; i++)
        {
            string text = frame.AtomLines[i];
            var line = text.AsSpan();
            int lineNumber = frame.LineNumber + 2 + i, count = 0, pos = 0;
            while (count < tokens.Length && LineText.NextToken(line, ref pos, out var token))
            {
                int end = pos;
                tokens[count++] = (end - token.Length)..end;
            }
            if (count < width || (exactWidth && count > width))
                return Bad($"line {lineNumber} has {(count > width ? "more than " + width : count)} values where Properties declares {width}; fix the line or the Properties key");

            var symbol = line[tokens[species.Offset]];
            if (!Elements.TryParse(symbol, out z[i]))
                return Bad($"line {lineNumber} has '{symbol}' where an element belongs, which is no element symbol or atomic number; correct it");
            var x = line[tokens[positions.Offset]];
            var y = line[tokens[positions.Offset + 1]];
            var w = line[tokens[positions.Offset + 2]];
            if (!LineText.TryParseDouble(x, out double px) || !LineText.TryParseDouble(y, out double py) || !LineText.TryParseDouble(w, out double pz))
                return Bad($"line {lineNumber} has '{x} {y} {w}' where the position x y z in angstrom belongs; give three numbers");
            r[i] = new Vec3(px, py, pz);

            for (int c = 0; c < extras.Length; c++)
            {
                var column = extras[c];
                var row = extraRows[c][i] = new double[column.Width];
                for (int k = 0; k < column.Width; k++)
                {
                    var value = line[tokens[column.Offset + k]];
                    if (!TryParseValue(value, column.Type, out row[k]))
                        return Bad($"line {lineNumber} has '{value}' in column {column.Name}, which Properties declares {Describe(column.Type)}; fix the value");
                }
            }
        }

        var infoView = info.ToImmutable();
        if (ChargeAndMultiplicityKeys.Read(infoView, out int charge, out int? multiplicity) is { } keyError)
            return Bad(keyError);
        infoView.TryGetValue("name", out var name);
        var atomColumns = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<double[]>>(StringComparer.Ordinal);
        for (int c = 0; c < extras.Length; c++)
            atomColumns[extras[c].Name] = ImmutableArray.Create(extraRows[c]);
        try
        {
            var molecule = Molecule.Create(z, r, charge, multiplicity, name: name);
            return new MoleculeRecord(frame.Index, location, molecule, null) { Info = infoView, AtomColumns = atomColumns.ToImmutable() };
        }
        catch (InvalidMoleculeException e)
        {
            return Bad($"{e.Message}; fix the frame");
        }
    }

    private static string? ParseProperties(string spec, out List<Column> columns)
    {
        columns = [];
        var fields = spec.Split(':');
        if (fields.Length % 3 != 0)
            return $"Properties={spec} is not a list of name:type:count triplets";
        int offset = 0;
        for (int f = 0; f < fields.Length; f += 3)
        {
            var type = fields[f + 1] switch
            {
                "R" => ColumnType.Real,
                "I" => ColumnType.Integer,
                "L" => ColumnType.Logical,
                "S" => ColumnType.Text,
                _ => (ColumnType?)null,
            };
            if (type is null)
                return $"Properties={spec} gives column {fields[f]} the type '{fields[f + 1]}', which is none of R, I, L, S";
            if (!int.TryParse(fields[f + 2], out int width) || width < 1 || width > MaxColumnWidth)
                return $"Properties={spec} gives column {fields[f]} the count '{fields[f + 2]}', which is no whole number from 1 to {MaxColumnWidth}";
            columns.Add(new Column(fields[f], type.Value, width, offset));
            offset += width;
        }
        return columns.Count == 0 ? "Properties is empty" : null;
    }

    private static bool TryParseValue(ReadOnlySpan<char> text, ColumnType type, out double value)
    {
        value = 0;
        switch (type)
        {
            case ColumnType.Real:
                return LineText.TryParseDouble(text, out value);
            case ColumnType.Integer:
                bool ok = LineText.TryParseInt(text, out int i);
                value = i;
                return ok;
            default: // logical, as ASE reads it
                if (text is "T" or "True")
                    value = 1;
                return text is "T" or "True" or "F" or "False";
        }
    }

    private static string Describe(ColumnType type) => type switch
    {
        ColumnType.Real => "real",
        ColumnType.Integer => "integer",
        _ => "logical (T or F)",
    };
}
