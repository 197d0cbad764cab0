using System.Globalization;
using System.Text;

namespace Greenspace.Chemistry;

public static partial class ExtXyzFormat
{
    /// <summary>
    /// Writes one frame that ASE 3.22 reads back: <c>Properties</c>, then <c>name</c> (when the molecule has
    /// one), <c>charge</c> and <c>spin</c> (the multiplicity, the OMol25 convention), the info keys in order,
    /// and <c>pbc="F F F"</c>. Positions carry 10 decimals, extra columns every digit of a double.
    /// </summary>
    /// <exception cref="ArgumentException">a key that is not a plain name, an empty value or one with a line break, a column of the wrong length,
    /// or info that contradicts the molecule (its name, charge or multiplicity) or describes a periodic cell.</exception>
    public static void Write(TextWriter writer, ExtXyzFrame frame)
    {
        var molecule = frame.Molecule;
        int n = molecule.AtomCount;
        var columns = frame.AtomColumns.ToArray();
        var comment = new StringBuilder("Properties=species:S:1:pos:R:3");
        foreach (var (name, rows) in columns)
        {
            CheckKey(name);
            if (name is "species" or "pos" or "Z")
                throw new ArgumentException($"the per-atom column '{name}' would clash with the species and positions that the molecule writes; rename it");
            if (rows.Length != n)
                throw new ArgumentException($"the per-atom column '{name}' has {rows.Length} rows for {n} atoms; give one row per atom");
            int width = rows.IsEmpty ? 1 : rows[0].Length;
            if (width == 0 || rows.Any(row => row.Length != width))
                throw new ArgumentException($"the per-atom column '{name}' has rows of different or zero width; give every atom the same number of values");
            comment.Append(CultureInfo.InvariantCulture, $":{name}:R:{width}");
        }

        if (molecule.Name is { } moleculeName)
            AppendPair(comment, "name", moleculeName);
        AppendPair(comment, ChargeAndMultiplicityKeys.Charge, Invariant(molecule.Charge));
        AppendPair(comment, ChargeAndMultiplicityKeys.Spin, Invariant(molecule.Multiplicity));
        foreach (var (key, value) in frame.Info)
        {
            if (IsWrittenFromMolecule(key, value, molecule))
                continue;
            AppendPair(comment, key, value);
        }
        comment.Append(" pbc=\"F F F\"");

        writer.Write(Invariant(n));
        writer.Write('\n');
        writer.Write(comment);
        writer.Write('\n');
        var line = new StringBuilder();
        for (int i = 0; i < n; i++)
        {
            var p = molecule.PositionsAngstrom[i];
            line.Clear();
            line.Append(CultureInfo.InvariantCulture, $"{Elements.Symbol(molecule.AtomicNumbers[i]),-3}{p.X,18:F10}{p.Y,18:F10}{p.Z,18:F10}");
            foreach (var (_, rows) in columns)
                foreach (double v in rows[i])
                    line.Append(' ').Append(v.ToString("R", CultureInfo.InvariantCulture));
            line.Append('\n');
            writer.Write(line);
        }
    }

    public static void Write(TextWriter writer, IEnumerable<ExtXyzFrame> frames)
    {
        foreach (var frame in frames)
            Write(writer, frame);
    }

    public static string ToText(ExtXyzFrame frame)
    {
        var text = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture);
        Write(text, frame);
        return text.ToString();
    }

    // The keys the molecule itself writes may come again in the info (a record read back): they must agree.
    private static bool IsWrittenFromMolecule(string key, string value, Molecule molecule)
    {
        int? stated = null, actual = null;
        if (key == "name")
        {
            if (value == molecule.Name)
                return true;
            throw new ArgumentException($"info name={value} contradicts the molecule's name {molecule.Name ?? "(none)"}; drop one of them");
        }
        if (ChargeAndMultiplicityKeys.IsChargeKey(key))
            actual = molecule.Charge;
        else if (ChargeAndMultiplicityKeys.IsMultiplicityKey(key))
            actual = molecule.Multiplicity;
        else if (key == "Properties")
            throw new ArgumentException("info cannot hold Properties: the writer derives it from the molecule and the atom columns");
        else if (key == "pbc")
        {
            if (value.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["F", "F", "F"])
                return true;
            throw new ArgumentException($"info pbc=\"{value}\" describes a periodic cell, and a molecule has none; drop the key");
        }
        else
            return false;
        if (LineText.TryParseWholeNumber(value, out int n))
            stated = n;
        if (stated == actual || (stated == 0 && key != "multiplicity" && ChargeAndMultiplicityKeys.IsMultiplicityKey(key)))
            return true;
        throw new ArgumentException($"info {key}={value} contradicts the molecule's {(ChargeAndMultiplicityKeys.IsChargeKey(key) ? "charge" : "multiplicity")} {actual}; drop the key or change the molecule");
    }

    private static void AppendPair(StringBuilder comment, string key, string value)
    {
        CheckKey(key);
        if (value.Contains('\n') || value.Contains('\r'))
            throw new ArgumentException($"info {key} has a line break in its value, and the comment is one line; remove it");
        if (value.Length == 0)
            throw new ArgumentException($"info {key} has an empty value, which ASE 3.22 misreads (it takes the next pair as the value); drop the key or give it a value");
        comment.Append(' ').Append(key).Append('=');
        bool plain = !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '{' or '}' or '[' or ']' or '=' or '\\');
        if (plain)
        {
            comment.Append(value);
            return;
        }
        comment.Append('"');
        foreach (char c in value)
        {
            if (c is '"' or '\\')
                comment.Append('\\');
            comment.Append(c);
        }
        comment.Append('"');
    }

    // Keys as the extxyz specification writes them bare: a letter or underscore, then letters, digits, '_' or '-'.
    private static void CheckKey(string key)
    {
        bool ok = key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_')
            && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        if (!ok)
            throw new ArgumentException($"'{key}' is not an extended XYZ key; use letters, digits, '_' and '-', starting with a letter or '_'");
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
