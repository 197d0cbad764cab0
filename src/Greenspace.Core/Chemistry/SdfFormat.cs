using System.Collections.Immutable;

namespace Greenspace.Chemistry;

/// <summary>
/// MDL molfiles (V2000) and SD files: records separated by <c>$$$$</c>, each a title line (the molecule's
/// name), a program line, a comment line, the counts line, the atom and bond blocks, property lines up to
/// <c>M  END</c>, then data fields (<c>&gt; &lt;name&gt;</c>, value lines, a blank line) that go into
/// <see cref="MoleculeRecord.Info"/>. Bond orders 1-3 and 4 (aromatic) go into the molecule's bonds.
/// The total charge is the sum of the formal charges, taken from <c>M  CHG</c> lines or, when a record has
/// no <c>M  CHG</c> or <c>M  RAD</c> line, from the atom block (the CTfile rule: those lines supersede it).
/// Radical centres set the multiplicity, high spin: a doublet centre adds one unpaired electron, a triplet
/// two. A <c>total_charge</c> data field states the charge where atoms carry none (Greenspace writes it),
/// and a <c>multiplicity</c> data field overrides what the radical centres suggest.
/// A bad record costs only itself: reading resumes after its <c>$$$$</c>.
/// </summary>
public static partial class SdfFormat
{
    public const string TotalChargeField = "total_charge";
    public const string MultiplicityField = "multiplicity";
    private const string Separator = "$$$$";

    /// <summary>Reads every record, bad records included with their reason.</summary>
    /// <param name="reader">The text, read to its end lazily as the records are enumerated.</param>
    /// <param name="sourceName">How messages name the input, usually the file name.</param>
    public static IEnumerable<MoleculeRecord> Read(TextReader reader, string sourceName)
    {
        var lines = new NumberedLineReader(reader);
        var block = new List<string>();
        int index = 0;
        while (true)
        {
            block.Clear();
            int start = lines.LineNumber + 1;
            string? line;
            while ((line = lines.Read()) is not null && !IsSeparator(line))
                block.Add(line);
            if (block.Exists(l => !LineText.IsBlank(l)))
                yield return ParseRecord(block, start, index++, sourceName);
            if (line is null)
                yield break;
        }
    }

    private static bool IsSeparator(string line) => line.AsSpan().TrimEnd().SequenceEqual(Separator);

    private static MoleculeRecord ParseRecord(List<string> lines, int firstLine, int index, string source)
    {
        string location = $"{source} record {index + 1} (line {firstLine})";
        var info = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        MoleculeRecord Bad(string problem) => MoleculeRecord.Bad(index, location, $"{location}: {problem}") with { Info = info.ToImmutable() };
        int LineNumber(int i) => firstLine + i;

        if (lines.Count < 4)
            return Bad($"the record ends after {lines.Count} lines, before its counts line (line 4 of a molfile); complete or remove the record");
        string counts = lines[3];
        if (counts.Contains("V3000", StringComparison.Ordinal))
            return Bad($"line {LineNumber(3)} declares a V3000 molfile, which Greenspace does not read; convert it to V2000 (obabel in.sdf -O out.sdf)");
        if (!TryParseCounts(counts, out int atomCount, out int bondCount))
            return Bad($"line {LineNumber(3)} holds {LineText.Quote(counts)} where the counts line (atoms and bonds, three columns each) belongs; fix it");
        if (atomCount == 0)
            return Bad($"line {LineNumber(3)} declares 0 atoms; remove the record or give its atoms");
        if (lines.Count < 4L + atomCount + bondCount)
            return Bad($"the record ends at line {LineNumber(lines.Count - 1)}, inside the {atomCount} atom and {bondCount} bond lines its counts line declares; complete the record or fix the counts");

        var z = new int[atomCount];
        var r = new Vec3[atomCount];
        var atomCharges = new int[atomCount];
        int atomBlockUnpaired = 0;
        for (int i = 0; i < atomCount; i++)
        {
            int li = 4 + i;
            if (!TryParseAtom(lines[li], out r[i], out var symbol, out int code))
                return Bad($"line {LineNumber(li)} holds {LineText.Quote(lines[li])} where an atom line (x y z in angstrom, then the symbol) belongs; fix it");
            if (!Elements.TryParse(symbol, out z[i]))
                return Bad($"line {LineNumber(li)} has '{symbol}' for atom {i + 1}, which is no element symbol; correct it (query atoms and aliases are not molecules)");
            switch (code)
            {
                case >= 1 and <= 3: atomCharges[i] = 4 - code; break;
                case 4: atomBlockUnpaired++; break;
                case >= 5 and <= 7: atomCharges[i] = 4 - code; break;
                case 0: break;
                default: return Bad($"line {LineNumber(li)} gives atom {i + 1} the charge code {code}, which is none of 0-7; fix it");
            }
        }

        var bonds = new Bond[bondCount];
        for (int b = 0; b < bondCount; b++)
        {
            int li = 4 + atomCount + b;
            if (!TryParseBond(lines[li], out int a1, out int a2, out int order))
                return Bad($"line {LineNumber(li)} holds {LineText.Quote(lines[li])} where a bond line (atom, atom, type) belongs; fix it");
            if (a1 < 1 || a1 > atomCount || a2 < 1 || a2 > atomCount || a1 == a2)
                return Bad($"line {LineNumber(li)} bonds atoms {a1} and {a2}, but the record has atoms 1-{atomCount}; fix the bond");
            if (order is < 1 or > 4)
                return Bad($"line {LineNumber(li)} has bond type {order}, a query bond, where a molecule needs 1-3 or 4 (aromatic); fix the bond");
            bonds[b] = new Bond(a1 - 1, a2 - 1, order);
        }

        // Properties block: only M  CHG and M  RAD matter here; it ends at M  END (or, in old files, at the first data header).
        int next = 4 + atomCount + bondCount;
        int[]? chargeLines = null;
        int? radicalUnpaired = null;
        for (; next < lines.Count; next++)
        {
            string line = lines[next];
            if (line.StartsWith("M  END", StringComparison.Ordinal))
            {
                next++;
                break;
            }
            if (line.StartsWith('>'))
                break;
            bool isCharge = line.StartsWith("M  CHG", StringComparison.Ordinal);
            if (!isCharge && !line.StartsWith("M  RAD", StringComparison.Ordinal))
                continue;
            if (!TryParseAtomValueList(line, atomCount, out var entries))
                return Bad($"line {LineNumber(next)} holds {LineText.Quote(line)}, which is not a count followed by that many atom-value pairs of this record's atoms; fix it");
            foreach (var (atom, value) in entries)
            {
                if (isCharge)
                    (chargeLines ??= new int[atomCount])[atom] = value;
                else if (value is >= 0 and <= 3)
                    radicalUnpaired = (radicalUnpaired ?? 0) + value switch { 2 => 1, 3 => 2, _ => 0 };
                else
                    return Bad($"line {LineNumber(next)} gives atom {atom + 1} the radical value {value}, which is none of 0-3; fix it");
            }
            radicalUnpaired ??= 0;
        }
        bool propertiesSupersede = chargeLines is not null || radicalUnpaired is not null;
        int charge = (propertiesSupersede ? chargeLines ?? [] : atomCharges).Sum();
        int unpaired = propertiesSupersede ? radicalUnpaired ?? 0 : atomBlockUnpaired;
        bool anyFormalCharge = propertiesSupersede ? chargeLines is not null : atomCharges.Any(q => q != 0);

        for (int i = next; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith('>'))
                continue;
            string name = FieldName(lines[i]);
            var value = new List<string>();
            while (i + 1 < lines.Count && !LineText.IsBlank(lines[i + 1]) && !IsFieldHeader(lines[i + 1]))
                value.Add(lines[++i]);
            info[name] = string.Join('\n', value);
        }

        int? multiplicity = unpaired > 0 ? unpaired + 1 : null;
        if (info.TryGetValue(TotalChargeField, out var totalText))
        {
            if (!LineText.TryParseWholeNumber(totalText, out int total))
                return Bad($"the {TotalChargeField} field holds '{totalText}', which is not a whole number; write the total charge as an integer");
            if (anyFormalCharge && total != charge)
                return Bad($"the formal charges add up to {charge:+0;-0;0} but the {TotalChargeField} field says {total:+0;-0;0}; make them agree");
            charge = total;
        }
        if (info.TryGetValue(MultiplicityField, out var multiplicityText))
        {
            if (!LineText.TryParseWholeNumber(multiplicityText, out int m))
                return Bad($"the {MultiplicityField} field holds '{multiplicityText}', which is not a whole number; write the spin multiplicity (2S+1) as an integer");
            multiplicity = m;
        }

        string title = lines[0].Trim();
        try
        {
            var molecule = Molecule.Create(z, r, charge, multiplicity, bonds, title.Length == 0 ? null : title);
            return new MoleculeRecord(index, location, molecule, null) { Info = info.ToImmutable() };
        }
        catch (InvalidMoleculeException e)
        {
            return Bad($"{e.Message}; fix the record");
        }
    }

    // Counts line "aaabbb...": three columns each; files written by hand sometimes separate them by spaces instead.
    private static bool TryParseCounts(string line, out int atoms, out int bonds)
    {
        atoms = bonds = 0;
        if (line.Length >= 6 && LineText.TryParseInt(line.AsSpan(0, 3), out atoms) && LineText.TryParseInt(line.AsSpan(3, 3), out bonds))
            return atoms >= 0 && bonds >= 0;
        int pos = 0;
        return LineText.NextToken(line, ref pos, out var a) && LineText.TryParseInt(a, out atoms)
            && LineText.NextToken(line, ref pos, out var b) && LineText.TryParseInt(b, out bonds)
            && atoms >= 0 && bonds >= 0;
    }

    // Atom line "xxxxx.xxxxyyyyy.yyyyzzzzz.zzzz aaaddccc...": fixed columns, or whitespace-separated when they do not fit.
    private static bool TryParseAtom(string text, out Vec3 position, out string symbol, out int chargeCode)
    {
        var line = text.AsSpan();
        position = default;
        symbol = "";
        chargeCode = 0;
        if (line.Length >= 32
            && LineText.TryParseDouble(line[..10].Trim(), out double x)
            && LineText.TryParseDouble(line[10..20].Trim(), out double y)
            && LineText.TryParseDouble(line[20..30].Trim(), out double z)
            && !line[31..Math.Min(34, line.Length)].IsWhiteSpace())
        {
            position = new Vec3(x, y, z);
            symbol = line[31..Math.Min(34, line.Length)].Trim().ToString();
            return line.Length < 39 || LineText.TryParseInt(line[36..39], out chargeCode);
        }
        int pos = 0;
        Span<double> xyz = stackalloc double[3];
        for (int k = 0; k < 3; k++)
            if (!LineText.NextToken(line, ref pos, out var number) || !LineText.TryParseDouble(number, out xyz[k]))
                return false;
        if (!LineText.NextToken(line, ref pos, out var sym))
            return false;
        position = new Vec3(xyz[0], xyz[1], xyz[2]);
        symbol = sym.ToString();
        if (LineText.NextToken(line, ref pos, out _) && LineText.NextToken(line, ref pos, out var code))
            return LineText.TryParseInt(code, out chargeCode);
        return true;
    }

    // Bond line "111222ttt...": fixed columns, or whitespace-separated.
    private static bool TryParseBond(string text, out int atom1, out int atom2, out int type)
    {
        var line = text.AsSpan();
        atom2 = type = 0;
        if (line.Length >= 9 && LineText.TryParseInt(line[..3], out atom1) && LineText.TryParseInt(line[3..6], out atom2) && LineText.TryParseInt(line[6..9], out type))
            return true;
        int pos = 0;
        atom1 = 0;
        return LineText.NextToken(line, ref pos, out var a) && LineText.TryParseInt(a, out atom1)
            && LineText.NextToken(line, ref pos, out var b) && LineText.TryParseInt(b, out atom2)
            && LineText.NextToken(line, ref pos, out var t) && LineText.TryParseInt(t, out type);
    }

    // "M  CHG  2   1   1   4  -1": a count, then (atom, value) pairs; atoms come back zero-based.
    private static bool TryParseAtomValueList(string text, int atomCount, out List<(int Atom, int Value)> entries)
    {
        entries = [];
        var line = text.AsSpan(6);
        int pos = 0;
        if (!LineText.NextToken(line, ref pos, out var countText) || !LineText.TryParseInt(countText, out int count) || count < 0)
            return false;
        for (int k = 0; k < count; k++)
        {
            if (!LineText.NextToken(line, ref pos, out var a) || !LineText.TryParseInt(a, out int atom)
                || !LineText.NextToken(line, ref pos, out var v) || !LineText.TryParseInt(v, out int value)
                || atom < 1 || atom > atomCount)
                return false;
            entries.Add((atom - 1, value));
        }
        return true;
    }

    // A header missing its blank line before it still starts a new field.
    private static bool IsFieldHeader(string line) => line.StartsWith('>') && line.Contains('<');

    // "> <melting.point>", "> 25 <MP> (MD-08974)": the name is inside the first angle brackets, else the rest of the line.
    private static string FieldName(string header)
    {
        int open = header.IndexOf('<', 1);
        int close = open < 0 ? -1 : header.IndexOf('>', open + 1);
        return close > open ? header[(open + 1)..close] : header[1..].Trim();
    }
}
