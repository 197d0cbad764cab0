using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Engines.NwChem;

/// <summary>
/// Reads NWChem 7.0's text output: the total SCF or DFT energy (Hartree), orbital energies from the
/// final molecular orbital analysis (HOMO and LUMO over both spins), the dipole from the multipole
/// analysis of the density (atomic units, converted to Debye here) and the gradient table (Hartree/bohr,
/// printed with six decimals). Takes the last of each, as NWChem prints them once per task.
/// </summary>
public static partial class NwChemHarvester
{
    /// <summary>The properties, or one sentence saying what the output lacks.</summary>
    public sealed record Harvest(ResultProperties? Properties, string? Error);

    public static Harvest Read(string output, CalculationRequest request)
    {
        if (output.Contains("Calculation failed to converge", StringComparison.Ordinal))
            return new(null, "nwchem's SCF did not converge within its iteration limit");
        var energies = EnergyPattern().Matches(output);
        if (energies.Count == 0)
            return new(null, "nwchem finished without printing a total SCF or DFT energy");
        double energy = Number(energies[^1].Groups[1].Value);
        if (!double.IsFinite(energy) || energy >= 0)
            return new(null, $"nwchem reported an implausible total energy of {energy} Eh (a total electronic energy is negative)");

        var (homo, lumo) = Frontier(output);
        var props = new ResultProperties
        {
            EnergyKind = EnergyKind.TotalElectronic,
            Energy = energy,
            HomoHartree = homo,
            LumoHartree = lumo,
            HomoLumoGapHartree = homo is { } h && lumo is { } l ? l - h : null,
            DipoleDebye = Dipole(output) is { } d ? d * Units.DebyePerAtomicUnit : null,
        };
        if (NuclearRepulsionPattern().Matches(output) is { Count: > 0 } nuc)
            props = props with { Extras = props.Extras.Add("nuclear_repulsion_energy_hartree", Number(nuc[^1].Groups[1].Value)) };

        if (request.Driver == Driver.Gradient)
        {
            var gradient = Gradient(output, request.Molecule.AtomCount);
            if (gradient is null)
                return new(null, "nwchem was asked for a gradient but printed no complete ENERGY GRADIENTS table");
            props = props with { GradientHartreePerBohr = gradient.Value };
        }
        return new(props, null);
    }

    // An open-shell run prints an Alpha and a Beta analysis; a closed-shell run one.
    private static (double? Homo, double? Lumo) Frontier(string output)
    {
        var headers = MoAnalysisHeader().Matches(output);
        if (headers.Count == 0)
            return (null, null);
        var last = new List<Match> { headers[^1] };
        if (headers[^1].Groups["spin"].Value == "Beta" && headers.Count > 1 && headers[^2].Groups["spin"].Value == "Alpha")
            last.Insert(0, headers[^2]);
        double? homo = null, lumo = null;
        foreach (var header in last)
        {
            int end = header.NextMatch() is { Success: true } next ? next.Index : output.Length;
            foreach (Match v in VectorPattern().Matches(output[header.Index..end]))
            {
                double occ = Number(v.Groups["occ"].Value), e = Number(v.Groups["e"].Value);
                if (occ > 1e-6)
                    homo = Math.Max(homo ?? double.NegativeInfinity, e);
                else
                    lumo = Math.Min(lumo ?? double.PositiveInfinity, e);
            }
        }
        return (homo, lumo);
    }

    private static Vec3? Dipole(string output)
    {
        int at = output.LastIndexOf("Multipole analysis of the density", StringComparison.Ordinal);
        if (at < 0)
            return null;
        double?[] d = new double?[3];
        foreach (Match m in DipoleRowPattern().Matches(output[at..]))
        {
            int axis = m.Groups["x"].Value == "1" ? 0 : m.Groups["y"].Value == "1" ? 1 : 2;
            d[axis] ??= Number(m.Groups["total"].Value);
            if (d.All(x => x is not null))
                break;
        }
        return d.All(x => x is not null) ? new Vec3(d[0]!.Value, d[1]!.Value, d[2]!.Value) : null;
    }

    private static ImmutableArray<Vec3>? Gradient(string output, int atoms)
    {
        int at = output.LastIndexOf("ENERGY GRADIENTS", StringComparison.Ordinal);
        if (at < 0)
            return null;
        var rows = GradientRowPattern().Matches(output[at..]);
        if (rows.Count < atoms)
            return null;
        return [.. rows.Take(atoms).Select(r => new Vec3(Number(r.Groups["gx"].Value), Number(r.Groups["gy"].Value), Number(r.Groups["gz"].Value)))];
    }

    // Fortran prints exponents as D+00.
    private static double Number(string text) =>
        double.Parse(text.Replace('D', 'E').Replace('d', 'e'), NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"Total (?:SCF|DFT) energy\s*=\s*(-?\d+\.\d+)")]
    private static partial Regex EnergyPattern();

    [GeneratedRegex(@"Nuclear repulsion energy\s*=\s*(-?\d+\.\d+)")]
    private static partial Regex NuclearRepulsionPattern();

    [GeneratedRegex(@"Final (?:(?<spin>Alpha|Beta) )?Molecular Orbital Analysis")]
    private static partial Regex MoAnalysisHeader();

    [GeneratedRegex(@"Vector\s+\d+\s+Occ=(?<occ>-?\d+\.\d+D[+-]\d+)\s+E=\s*(?<e>-?\d+\.\d+D[+-]\d+)")]
    private static partial Regex VectorPattern();

    [GeneratedRegex(@"^\s+1\s+(?<x>[01])\s+(?<y>[01])\s+(?<z>[01])\s+(?<total>-?\d+\.\d+)", RegexOptions.Multiline)]
    private static partial Regex DipoleRowPattern();

    [GeneratedRegex(@"^\s+\d+\s+[A-Za-z][A-Za-z0-9]*\s+-?\d+\.\d+\s+-?\d+\.\d+\s+-?\d+\.\d+\s+(?<gx>-?\d+\.\d+)\s+(?<gy>-?\d+\.\d+)\s+(?<gz>-?\d+\.\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex GradientRowPattern();
}
