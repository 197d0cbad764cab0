using System.Globalization;
using System.Text;

namespace Greenspace.Chemistry;

public static partial class SdfFormat
{
    /// <summary>
    /// Writes one SD record: a V2000 molfile with coordinates at 4 decimals and the molecule's bonds, then the
    /// data fields and <c>$$$$</c>. A molecule knows its total charge but not which atom carries it, so a charged
    /// molecule gets it all on its first atom (in the atom block and an <c>M  CHG</c> line, so that Open Babel
    /// and RDKit see the right total) and a <c>total_charge</c> field that states it as a total. A multiplicity
    /// above the lowest the electron count allows goes into a <c>multiplicity</c> field. Both fields are what
    /// <see cref="Read"/> honours.
    /// </summary>
    /// <exception cref="ArgumentException">more than 999 atoms or bonds (V2000's limit), a coordinate beyond the
    /// format's ten columns, a data name or value that would break the record, or data that contradicts the molecule.</exception>
    public static void Write(TextWriter writer, Molecule molecule, IReadOnlyDictionary<string, string>? data = null)
    {
        if (molecule.AtomCount > 999 || molecule.Bonds.Length > 999)
            throw new ArgumentException($"{molecule} has {molecule.AtomCount} atoms and {molecule.Bonds.Length} bonds, more than a V2000 molfile holds (999); write it as extended XYZ");
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(Clean(molecule.Name ?? "")).Append('\n');
        text.Append("  Greenspc          3D\n\n");
        text.Append(inv, $"{molecule.AtomCount,3}{molecule.Bonds.Length,3}  0  0  0  0  0  0  0  0999 V2000\n");
        for (int i = 0; i < molecule.AtomCount; i++)
        {
            var p = molecule.PositionsAngstrom[i];
            if (Math.Abs(p.X) >= 9999.99995 || Math.Abs(p.Y) >= 9999.99995 || Math.Abs(p.Z) >= 9999.99995)
                throw new ArgumentException($"atom {i + 1} of {molecule} lies beyond 9999.9999 angstrom, which a molfile's coordinate columns cannot hold; write it as extended XYZ");
            int code = i == 0 && molecule.Charge is >= -3 and <= 3 and not 0 ? 4 - molecule.Charge : 0;
            text.Append(inv, $"{p.X,10:F4}{p.Y,10:F4}{p.Z,10:F4} {Elements.Symbol(molecule.AtomicNumbers[i]),-3} 0{code,3}  0  0  0  0  0  0  0  0  0  0\n");
        }
        foreach (var bond in molecule.Bonds)
            text.Append(inv, $"{bond.Atom1 + 1,3}{bond.Atom2 + 1,3}{bond.Order,3}  0  0  0  0\n");
        if (molecule.Charge != 0)
        {
            if (molecule.Charge is < -15 or > 15)
                throw new ArgumentException($"{molecule} has charge {molecule.Charge}, beyond the -15..+15 an M  CHG line holds; write it as extended XYZ");
            text.Append(inv, $"M  CHG  1 {1,3} {molecule.Charge,3}\n");
        }
        text.Append("M  END\n");

        var fields = new List<(string Name, string Value)>();
        if (molecule.Charge != 0)
            fields.Add((TotalChargeField, molecule.Charge.ToString(inv)));
        int lowest = molecule.ElectronCount % 2 == 0 ? 1 : 2;
        if (molecule.Multiplicity != lowest)
            fields.Add((MultiplicityField, molecule.Multiplicity.ToString(inv)));
        foreach (var (name, value) in data ?? new Dictionary<string, string>())
        {
            if (name is TotalChargeField or MultiplicityField)
            {
                int actual = name == TotalChargeField ? molecule.Charge : molecule.Multiplicity;
                if (LineText.TryParseWholeNumber(value, out int stated) && stated == actual)
                    continue;
                throw new ArgumentException($"the data field {name}={value} contradicts the molecule's {(name == TotalChargeField ? "charge" : "multiplicity")} {actual}; drop the field or change the molecule");
            }
            fields.Add((name, value));
        }
        foreach (var (name, value) in fields)
        {
            if (name.Length == 0 || name.AsSpan().IndexOfAny("<>\r\n") >= 0)
                throw new ArgumentException($"'{name}' cannot name an SD data field: it must be non-empty without '<', '>' or line breaks");
            var body = value.ReplaceLineEndings("\n").TrimEnd('\n');
            string[] valueLines = body.Length == 0 ? [] : body.Split('\n');
            if (valueLines.Any(l => LineText.IsBlank(l) || IsSeparator(l) || IsFieldHeader(l)))
                throw new ArgumentException($"the data field {name} has a blank line, '$$$$' or a field header in its value, which would end the field or the record; remove it");
            text.Append("> <").Append(name).Append(">\n");
            foreach (var line in valueLines)
                text.Append(line).Append('\n');
            text.Append('\n');
        }
        text.Append(Separator).Append('\n');
        writer.Write(text);
    }

    public static void Write(TextWriter writer, IEnumerable<Molecule> molecules)
    {
        foreach (var molecule in molecules)
            Write(writer, molecule);
    }

    public static string ToText(Molecule molecule, IReadOnlyDictionary<string, string>? data = null)
    {
        var text = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture);
        Write(text, molecule, data);
        return text.ToString();
    }

    // The title is one line of at most 80 characters.
    private static string Clean(string title)
    {
        var line = title.ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : line[..80];
    }
}
