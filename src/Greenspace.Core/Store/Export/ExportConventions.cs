using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Store.Export;

/// <summary>
/// What every export agrees on: which geometry a result belongs to, the names (with units) its energy
/// goes under, and how a charge model becomes a column name. One place, so the formats cannot drift apart.
/// </summary>
public static class ExportConventions
{
    /// <summary>
    /// The molecule the result's properties belong to: the optimised geometry for a successful
    /// optimisation, else the geometry that was computed (in the store's canonical atom order).
    /// </summary>
    public static Molecule ResultMolecule(StoredCalculation calculation) =>
        calculation.Result.Properties is { FinalPositionsAngstrom: { IsDefaultOrEmpty: false } final }
            ? calculation.Molecule.WithPositions(final)
            : calculation.Molecule;

    /// <summary>"success" or "failed", as the store writes it.</summary>
    public static string Status(StoredCalculation calculation) => calculation.Result.Succeeded ? "success" : "failed";

    /// <summary>The energy's name with its unit: total_energy_hartree, heat_of_formation_kcal_per_mol, force_field_energy_kcal_per_mol.</summary>
    public static string EnergyKey(EnergyKind kind) => $"{kind.ToWire()}_{UnitSlug(kind.Unit())}";

    /// <summary>A unit as it goes into a name: "kcal/mol" becomes "kcal_per_mol".</summary>
    public static string UnitSlug(string unit) => unit.Replace("/", "_per_", StringComparison.Ordinal).Replace(' ', '_');

    /// <summary>
    /// The per-atom column for partial charges, named after the model's first word ("Mulliken (GFN2-xTB)"
    /// gives charges_mulliken), so that no reader takes them for ASE's own <c>charges</c> (initial charges).
    /// </summary>
    public static string ChargeColumn(string? chargeModel)
    {
        var word = new string((chargeModel ?? "").TakeWhile(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
        return word.Length == 0 ? "charges_unknown_model" : $"charges_{word}";
    }

    /// <summary>Forces in eV/angstrom from a gradient in Hartree/bohr: F = -dE/dR, converted at this edge.</summary>
    public static Vec3 ForceElectronVoltPerAngstrom(Vec3 gradientHartreePerBohr)
    {
        var f = gradientHartreePerBohr * (-Units.ElectronVoltPerHartree * Units.BohrPerAngstrom);
        // Adding +0 turns the -0 that negating a zero component gives into 0, which reads better in a text file.
        return new Vec3(f.X + 0.0, f.Y + 0.0, f.Z + 0.0);
    }
}
