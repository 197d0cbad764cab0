using System.Globalization;
using System.Text;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Engines.NwChem;

/// <summary>
/// Writes an NWChem 7.0 input for a request with filled keywords: the geometry in the caller's frame
/// and order (<c>nocenter noautosym noautoz</c>), the basis blocks copied from the recorded file,
/// every filled setting written out, and scratch and permanent files in the job's directory.
/// </summary>
public static class NwChemInputWriter
{
    public const string InputFileName = "input.nw";

    public static string Write(CalculationRequest request, string basisFileContent, string scratchDirectory, int memoryMiB)
    {
        var inv = CultureInfo.InvariantCulture;
        var mol = request.Molecule;
        var k = request.Keywords;
        bool dft = NwChemKeywords.CanonicalMethod(request.Method) != "hf";
        bool unrestricted = k["reference"] == "uhf";
        var sb = new StringBuilder();
        sb.Append("# Written by Greenspace: ").Append(request.Label).Append('\n');
        sb.Append("start gs\n");
        sb.Append("scratch_dir ").Append(scratchDirectory).Append('\n');
        sb.Append("permanent_dir ").Append(scratchDirectory).Append('\n');
        sb.Append("memory total ").Append(memoryMiB.ToString(inv)).Append(" mb\n");
        sb.Append("charge ").Append(mol.Charge.ToString(inv)).Append('\n');

        sb.Append("geometry units angstrom nocenter noautosym noautoz\n");
        for (int i = 0; i < mol.AtomCount; i++)
        {
            var p = mol.PositionsAngstrom[i];
            sb.Append("  ").Append(Elements.Symbol(mol.AtomicNumbers[i]).PadRight(3))
              .Append(string.Create(inv, $" {p.X,20:F12} {p.Y,20:F12} {p.Z,20:F12}\n"));
        }
        sb.Append("end\n");

        var blocks = NwChemBasisLibrary.ReadBlocks(basisFileContent);
        sb.Append("basis \"ao basis\" ").Append(k["spherical"] == "true" ? "spherical" : "cartesian").Append('\n');
        foreach (var symbol in mol.AtomicNumbers.Distinct().Select(Elements.Symbol))
            sb.Append(blocks[symbol].Body);
        sb.Append("end\n");

        if (dft)
        {
            sb.Append("dft\n");
            sb.Append("  xc ").Append(NwChemKeywords.CanonicalMethod(request.Method)).Append('\n');
            sb.Append("  mult ").Append(mol.Multiplicity.ToString(inv)).Append('\n');
            sb.Append(unrestricted ? "  odft\n" : "");
            sb.Append("  grid ").Append(k["grid"]).Append('\n');
            sb.Append("  convergence energy ").Append(k["convergence_energy"])
              .Append(" density ").Append(k["convergence_density"])
              .Append(" gradient ").Append(k["convergence_gradient"]).Append('\n');
            sb.Append("  iterations ").Append(k["iterations"]).Append('\n');
            sb.Append("end\n");
        }
        else
        {
            sb.Append("scf\n");
            sb.Append(unrestricted ? "  uhf\n" : "  rhf\n");
            sb.Append("  nopen ").Append(mol.UnpairedElectrons.ToString(inv)).Append('\n');
            sb.Append("  thresh ").Append(k["thresh"]).Append('\n');
            sb.Append("  maxiter ").Append(k["maxiter"]).Append('\n');
            sb.Append("end\n");
        }
        sb.Append("task ").Append(dft ? "dft" : "scf").Append(' ')
          .Append(request.Driver == Driver.Gradient ? "gradient" : "energy").Append('\n');
        return sb.ToString();
    }
}
