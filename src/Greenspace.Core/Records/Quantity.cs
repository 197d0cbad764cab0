namespace Greenspace.Records;

/// <summary>
/// Which energy an engine reports, and from what zero. Programs differ: xtb, psi4 and nwchem give a
/// total electronic energy (zero: nuclei and electrons at rest and infinitely apart); MOPAC a heat of
/// formation (zero: the elements in their standard states at 298 K); a force field a steric energy
/// (zero: the force field's own strain-free reference, comparable only between conformers).
/// </summary>
public enum EnergyKind
{
    TotalElectronic,
    HeatOfFormation,
    ForceFieldSteric,
}

public static class EnergyKinds
{
    public static string ToWire(this EnergyKind kind) => kind switch
    {
        EnergyKind.TotalElectronic => "total_energy",
        EnergyKind.HeatOfFormation => "heat_of_formation",
        EnergyKind.ForceFieldSteric => "force_field_energy",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static EnergyKind FromWire(string text) => text switch
    {
        "total_energy" => EnergyKind.TotalElectronic,
        "heat_of_formation" => EnergyKind.HeatOfFormation,
        "force_field_energy" => EnergyKind.ForceFieldSteric,
        _ => throw new FormatException($"unknown energy kind '{text}'"),
    };

    /// <summary>The unit each kind is stored in: Hartree for electronic energies, kcal/mol for the others (as the programs print them).</summary>
    public static string Unit(this EnergyKind kind) => kind == EnergyKind.TotalElectronic ? "hartree" : "kcal/mol";

    public static string Zero(this EnergyKind kind) => kind switch
    {
        EnergyKind.TotalElectronic => "nuclei and electrons at rest, infinitely separated",
        EnergyKind.HeatOfFormation => "elements in their standard states at 298.15 K",
        EnergyKind.ForceFieldSteric => "the force field's strain-free reference (compare conformers only)",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
