using System.Globalization;
using System.Text;

namespace Greenspace.Chemistry;

/// <summary>Plain XYZ: an atom count, a comment line, then "symbol x y z" in angstrom; files may hold many frames.</summary>
public static partial class XyzFormat
{
    /// <summary>Writes one frame with 10 decimals (programs read free format; the digits keep round trips exact to 1e-10 angstrom).</summary>
    public static void Write(TextWriter writer, Molecule molecule, string? comment = null)
    {
        writer.Write(molecule.AtomCount.ToString(CultureInfo.InvariantCulture));
        writer.Write('\n');
        writer.Write((comment ?? molecule.Name ?? "").Replace('\n', ' ').Replace('\r', ' '));
        writer.Write('\n');
        for (int i = 0; i < molecule.AtomCount; i++)
        {
            var p = molecule.PositionsAngstrom[i];
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Elements.Symbol(molecule.AtomicNumbers[i]),-3}{p.X,18:F10}{p.Y,18:F10}{p.Z,18:F10}\n"));
        }
    }

    public static string ToText(Molecule molecule, string? comment = null)
    {
        var sb = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture);
        Write(sb, molecule, comment);
        return sb.ToString();
    }
}
