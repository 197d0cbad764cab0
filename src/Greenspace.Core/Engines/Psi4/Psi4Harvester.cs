using System.Collections.Immutable;
using System.Text.Json;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Engines.Psi4;

/// <summary>
/// Reads the JSON file that the input's Python tail writes (see <see cref="Psi4InputWriter"/>) into
/// result properties, or says why it cannot. Energies in Hartree, gradient in Hartree/bohr,
/// positions in angstrom (converted by psi4 with its own bohr), dipole in Debye (psi4 1.3's
/// "SCF DIPOLE X/Y/Z" are in Debye; 1.4 moved to atomic units).
/// </summary>
public static class Psi4Harvester
{
    /// <summary>What the results file held: the psi4 exception that stopped the run, or the properties.</summary>
    public sealed record Harvest(ResultProperties? Properties, string? Error);

    public static Harvest Read(string json, CalculationRequest request)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.TryGetProperty("error", out var error))
                return new(null, $"psi4 stopped with {error.GetString()}: {(root.TryGetProperty("message", out var m) ? m.GetString()?.Trim() : "")}");
            return new(Properties(root, request), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or IndexOutOfRangeException)
        {
            return new(null, $"psi4's results file could not be read ({e.Message})");
        }
    }

    private static ResultProperties Properties(JsonElement root, CalculationRequest request)
    {
        int n = request.Molecule.AtomCount;
        var method = Psi4Keywords.CanonicalMethod(request.Method)!;
        double energy = root.GetProperty("energy").GetDouble();
        if (!double.IsFinite(energy) || energy >= 0)
            throw new FormatException($"the total energy {energy} Eh is not a negative number");
        var variables = root.GetProperty("variables").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());

        var (homo, lumo) = Frontier(
            Doubles(root.GetProperty("epsilon_a")), root.GetProperty("nalpha").GetInt32(),
            Doubles(root.GetProperty("epsilon_b")), root.GetProperty("nbeta").GetInt32());

        var props = new ResultProperties
        {
            EnergyKind = EnergyKind.TotalElectronic,
            Energy = energy,
            HomoHartree = homo,
            LumoHartree = lumo,
            HomoLumoGapHartree = homo is { } h && lumo is { } l ? l - h : null,
            // A correlated method's dipole needs its relaxed density, which a plain energy or
            // gradient does not compute; the SCF dipole is not reported as the method's.
            DipoleDebye = Psi4Keywords.Family(method) == Psi4MethodFamily.Scf
                && variables.TryGetValue("SCF DIPOLE X", out var dx) && variables.TryGetValue("SCF DIPOLE Y", out var dy) && variables.TryGetValue("SCF DIPOLE Z", out var dz)
                ? new Vec3(dx, dy, dz) : null,
            Iterations = variables.TryGetValue("SCF ITERATIONS", out var it) ? (int)it : null,
            Extras = Extras(variables),
        };

        if (root.TryGetProperty("gradient", out var gradient))
            props = props with { GradientHartreePerBohr = Rows(gradient, n) };
        if (root.TryGetProperty("geometry_angstrom", out var geometry))
            props = props with
            {
                FinalPositionsAngstrom = Rows(geometry, n),
                Iterations = root.GetProperty("optimization_steps").GetInt32(),
            };
        return props;
    }

    /// <summary>
    /// HOMO and LUMO over both spins: the highest occupied and lowest unoccupied orbital energy.
    /// For MP2 and CCSD(T) these are the reference SCF's orbitals.
    /// </summary>
    public static (double? Homo, double? Lumo) Frontier(double[] alpha, int nAlpha, double[] beta, int nBeta)
    {
        double? homo = null, lumo = null;
        foreach (var (eps, nocc) in new[] { (alpha, nAlpha), (beta, nBeta) })
        {
            var sorted = eps.Order().ToArray();
            if (nocc > 0 && nocc <= sorted.Length)
                homo = Math.Max(homo ?? double.NegativeInfinity, sorted[nocc - 1]);
            if (nocc < sorted.Length)
                lumo = Math.Min(lumo ?? double.PositiveInfinity, sorted[nocc]);
        }
        return (homo, lumo);
    }

    private static readonly (string Variable, string Extra)[] ExtraNames =
    [
        ("NUCLEAR REPULSION ENERGY", "nuclear_repulsion_energy_hartree"),
        ("SCF TOTAL ENERGY", "scf_total_energy_hartree"),
        ("MP2 CORRELATION ENERGY", "mp2_correlation_energy_hartree"),
        ("CCSD CORRELATION ENERGY", "ccsd_correlation_energy_hartree"),
        ("(T) CORRECTION ENERGY", "triples_correction_energy_hartree"),
        ("CURRENT CORRELATION ENERGY", "correlation_energy_hartree"),
    ];

    private static ImmutableSortedDictionary<string, double> Extras(Dictionary<string, double> variables) =>
        ExtraNames.Where(x => variables.ContainsKey(x.Variable))
            .ToImmutableSortedDictionary(x => x.Extra, x => variables[x.Variable], StringComparer.Ordinal);

    // psi4 gives a flat list for one irrep (always, with symmetry c1).
    private static double[] Doubles(JsonElement array) =>
        array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().Select(e => e.GetDouble()).ToArray() : [];

    private static ImmutableArray<Vec3> Rows(JsonElement rows, int atoms)
    {
        if (rows.GetArrayLength() != atoms)
            throw new FormatException($"expected {atoms} rows, found {rows.GetArrayLength()}");
        return [.. rows.EnumerateArray().Select(r => new Vec3(r[0].GetDouble(), r[1].GetDouble(), r[2].GetDouble()))];
    }
}
