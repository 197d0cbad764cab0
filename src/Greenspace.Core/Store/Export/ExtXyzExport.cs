using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Store.Export;

/// <summary>
/// Stored results as extended XYZ, one frame per result, laid out for ASE: a total electronic energy
/// goes to <c>energy</c> in eV (so that ASE puts it in its calculator) and to <c>total_energy_hartree</c>;
/// a heat of formation or force-field energy is a different quantity and goes only under its own
/// name (<c>heat_of_formation_kcal_per_mol</c>); a gradient becomes the <c>forces</c> column in
/// eV/angstrom. Everything else goes under a key that names its unit. The geometry is the optimised
/// one for an optimisation, else the one computed; atoms are in the store's canonical order.
/// </summary>
public static class ExtXyzExport
{
    public static void Write(string path, IEnumerable<StoredCalculation> calculations)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        foreach (var calculation in calculations)
            ExtXyzFormat.Write(writer, Frame(calculation));
    }

    public static ExtXyzFrame Frame(StoredCalculation calculation)
    {
        var result = calculation.Result;
        var info = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var columns = ImmutableSortedDictionary.CreateBuilder<string, ImmutableArray<double[]>>(StringComparer.Ordinal);

        info["status"] = ExportConventions.Status(calculation);
        info["request_hash"] = calculation.RequestHash;
        info["program"] = calculation.Program;
        info["program_version"] = result.Provenance.ProgramVersion;
        info["method"] = calculation.Method;
        if (calculation.Basis is { } basis)
            info["basis"] = basis;
        info["driver"] = calculation.Driver.ToWire();
        info["formula"] = calculation.Molecule.Formula;
        info["cpu_seconds"] = Number(result.Cost.CpuSeconds);
        info["wall_seconds"] = Number(result.Cost.WallSeconds);
        info["peak_memory_bytes"] = result.Cost.PeakMemoryBytes.ToString(CultureInfo.InvariantCulture);
        info["meter"] = result.Cost.Meter;
        if (!result.Succeeded)
            info["error"] = OneLine(result.Error ?? "failed without a stated reason");

        if (result.Properties is { } p)
        {
            info["energy_kind"] = p.EnergyKind.ToWire();
            info[ExportConventions.EnergyKey(p.EnergyKind)] = Number(p.Energy);
            if (p.TotalEnergyHartree is { } hartree)
                info["energy"] = Number(hartree * Units.ElectronVoltPerHartree);
            Put(info, "homo_hartree", p.HomoHartree);
            Put(info, "lumo_hartree", p.LumoHartree);
            Put(info, "homo_lumo_gap_hartree", p.HomoLumoGapHartree);
            if (p.DipoleDebye is { } d)
                info["dipole_debye"] = $"{Number(d.X)} {Number(d.Y)} {Number(d.Z)}";
            if (p.Iterations is { } iterations)
                info["iterations"] = iterations.ToString(CultureInfo.InvariantCulture);
            foreach (var (key, value) in p.Extras)
                info.TryAdd(key, Number(value));

            if (!p.PartialCharges.IsDefaultOrEmpty)
            {
                columns[ExportConventions.ChargeColumn(p.ChargeModel)] = [.. p.PartialCharges.Select(q => new[] { q })];
                if (p.ChargeModel is { } model)
                    info["charge_model"] = model;
            }
            if (!p.GradientHartreePerBohr.IsDefaultOrEmpty)
                columns["forces"] = [.. p.GradientHartreePerBohr.Select(g => ExportConventions.ForceElectronVoltPerAngstrom(g)).Select(f => new[] { f.X, f.Y, f.Z })];
        }

        return new ExtXyzFrame(ExportConventions.ResultMolecule(calculation))
        {
            Info = info.ToImmutable(),
            AtomColumns = columns.ToImmutable(),
        };
    }

    private static void Put(ImmutableSortedDictionary<string, string>.Builder info, string key, double? value)
    {
        if (value is { } v)
            info[key] = Number(v);
    }

    // Every digit of the double; a -0 (a symmetric molecule's dipole component) is written as 0.
    private static string Number(double value) => (value + 0.0).ToString("R", CultureInfo.InvariantCulture);

    // The comment is one line: an error's own line breaks become spaces.
    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
