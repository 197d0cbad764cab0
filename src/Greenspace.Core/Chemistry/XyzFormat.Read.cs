using System.Collections.Immutable;

namespace Greenspace.Chemistry;

public static partial class XyzFormat
{
    /// <summary>
    /// Reads every frame of a plain XYZ stream, one record per frame, bad frames included with their reason.
    /// Atom lines are "symbol x y z" in angstrom; the symbol is case-insensitive or an atomic number, and
    /// columns after z are ignored. The comment line's key=value pairs go into <see cref="MoleculeRecord.Info"/>
    /// (<c>charge</c>, <c>spin</c> and their aliases set the charge and multiplicity, <c>name</c> the name);
    /// a comment without any pair becomes the molecule's name.
    /// </summary>
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
        bool anyPair = false;
        if (frame.Comment is { } comment)
            foreach (var (key, value) in ExtXyzCommentLine.Parse(comment))
                if (value is not null)
                {
                    info[key] = value;
                    anyPair = true;
                }
        MoleculeRecord Bad(string problem) => MoleculeRecord.Bad(frame.Index, location, $"{location}: {problem}") with { Info = info.ToImmutable() };

        if (frame.Error is not null)
            return Bad(frame.Error);

        int n = frame.AtomLines.Length;
        var z = new int[n];
        var r = new Vec3[n];
        Span<double> xyz = stackalloc double[3];
        for (int i = 0; i < n; i++)
        {
            var line = frame.AtomLines[i].AsSpan();
            int lineNumber = frame.LineNumber + 2 + i, pos = 0;
            if (!LineText.NextToken(line, ref pos, out var symbol) || !Elements.TryParse(symbol, out z[i]))
                return Bad($"line {lineNumber} starts with '{symbol}', which is no element symbol or atomic number; correct the symbol");
            for (int k = 0; k < 3; k++)
                if (!LineText.NextToken(line, ref pos, out var number) || !LineText.TryParseDouble(number, out xyz[k]))
                    return Bad($"line {lineNumber} holds {LineText.Quote(frame.AtomLines[i])} where 'symbol x y z' belongs; give the atom three coordinates in angstrom");
            r[i] = new Vec3(xyz[0], xyz[1], xyz[2]);
        }

        var infoView = info.ToImmutable();
        if (ChargeAndMultiplicityKeys.Read(infoView, out int charge, out int? multiplicity) is { } keyError)
            return Bad(keyError);
        string? name = infoView.TryGetValue("name", out var named) ? named
            : !anyPair && !string.IsNullOrWhiteSpace(frame.Comment) ? frame.Comment.Trim() : null;
        try
        {
            var molecule = Molecule.Create(z, r, charge, multiplicity, name: name);
            return new MoleculeRecord(frame.Index, location, molecule, null) { Info = infoView };
        }
        catch (InvalidMoleculeException e)
        {
            return Bad($"{e.Message}; fix the frame");
        }
    }
}
