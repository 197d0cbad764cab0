using System.Globalization;
using System.Text;
using Greenspace.Chemistry;

namespace Greenspace.Engines.OpenBabel;

/// <summary>
/// Writes a molecule with its bonds as an MDL V3000 molfile. V3000 rather than the usual V2000 SDF
/// because V2000's fixed columns keep coordinates to 1e-4 angstrom only, while V3000 is free format
/// and Open Babel reads all ten decimals written here.
/// </summary>
internal static class MolfileV3000
{
    public static string ToText(Molecule molecule)
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        sb.Append((molecule.Name ?? molecule.Formula).ReplaceLineEndings(" ")).Append('\n');
        sb.Append("  greenspace\n\n");
        sb.Append("  0  0  0     0  0            999 V3000\n");
        sb.Append("M  V30 BEGIN CTAB\n");
        sb.Append(inv, $"M  V30 COUNTS {molecule.AtomCount} {molecule.Bonds.Length} 0 0 0\n");
        sb.Append("M  V30 BEGIN ATOM\n");
        for (int i = 0; i < molecule.AtomCount; i++)
        {
            var p = molecule.PositionsAngstrom[i];
            sb.Append(inv, $"M  V30 {i + 1} {Elements.Symbol(molecule.AtomicNumbers[i])} {p.X:F10} {p.Y:F10} {p.Z:F10} 0\n");
        }
        sb.Append("M  V30 END ATOM\n");
        if (molecule.Bonds.Length > 0)
        {
            sb.Append("M  V30 BEGIN BOND\n");
            for (int i = 0; i < molecule.Bonds.Length; i++)
            {
                var b = molecule.Bonds[i];
                sb.Append(inv, $"M  V30 {i + 1} {b.Order} {b.Atom1 + 1} {b.Atom2 + 1}\n");
            }
            sb.Append("M  V30 END BOND\n");
        }
        sb.Append("M  V30 END CTAB\nM  END\n$$$$\n");
        return sb.ToString();
    }
}
