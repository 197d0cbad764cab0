using System.Globalization;
using System.Text;
using Greenspace.Records;

namespace Greenspace.Store.Export;

/// <summary>
/// The short Markdown card written beside an export (<c>&lt;output&gt;.card.md</c>): what the file holds,
/// in which units and from which energy zeros, what the calculations cost, and where they came from.
/// The store does not know the licence of the input molecules, so the card leaves a marked placeholder.
/// </summary>
public static class DatasetCard
{
    public const string LicencePlaceholder = "TODO: licence of the input molecules";

    public static string PathFor(string exportPath) => exportPath + ".card.md";

    public static string Build(IReadOnlyList<StoredCalculation> calculations, ExportFormat format, string exportPath, string storePath,
        ExportSelection selection, DateTimeOffset writtenAt)
    {
        var s = new StringBuilder();
        var successes = calculations.Count(c => c.Result.Succeeded);
        s.AppendLine(Invariant($"# {Path.GetFileName(exportPath)}"));
        s.AppendLine();
        s.AppendLine(Invariant($"{Describe(format)}, written by Greenspace {GreenspaceVersion} on {writtenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC from the store `{storePath}`. Selection: {selection.Describe()}."));
        s.AppendLine();

        s.AppendLine("## Contents");
        s.AppendLine();
        s.AppendLine(Invariant($"{calculations.Count} results: {successes} successful, {calculations.Count - successes} failed; {calculations.Select(c => c.MoleculeHash).Distinct().Count()} distinct molecules (input geometries)."));
        s.AppendLine();
        s.AppendLine("| program | version | method | basis | driver | status | results |");
        s.AppendLine("| --- | --- | --- | --- | --- | --- | ---: |");
        foreach (var g in calculations
            .GroupBy(c => (c.Program, Version: c.Result.Provenance.ProgramVersion, c.Method, Basis: c.Basis ?? "-", Driver: c.Driver.ToWire(), Status: ExportConventions.Status(c)))
            .OrderBy(g => g.Key))
            s.AppendLine(Invariant($"| {g.Key.Program} | {g.Key.Version} | {g.Key.Method} | {g.Key.Basis} | {g.Key.Driver} | {g.Key.Status} | {g.Count()} |"));
        s.AppendLine();

        s.AppendLine("## Units and energy zeros");
        s.AppendLine();
        s.AppendLine(Units(format));
        s.AppendLine();
        foreach (var kind in calculations.Where(c => c.Result.Properties is not null).Select(c => c.Result.Properties!.EnergyKind).Distinct().Order())
            s.AppendLine(Invariant($"- `{kind.ToWire()}` ({kind.Unit()}): zero is {kind.Zero()}."));
        s.AppendLine("- Energies of different kinds, programs or methods have different zeros: compare only within one program, method and basis.");
        s.AppendLine();

        s.AppendLine("## Cost");
        s.AppendLine();
        double cpu = calculations.Sum(c => c.Result.Cost.CpuSeconds);
        double wall = calculations.Sum(c => c.Result.Cost.WallSeconds);
        s.AppendLine(Invariant($"{cpu / 3600:0.######} CPU hours ({cpu:0.##} s) and {wall / 3600:0.######} wall-clock hours over the {calculations.Count} calculations in this file, each counted once (answers served again from the store cost nothing and are not added). Measured by: {string.Join("; ", calculations.Select(c => c.Result.Cost.Meter).Distinct().Order(StringComparer.Ordinal))}."));
        s.AppendLine();

        s.AppendLine("## Source and licence");
        s.AppendLine();
        s.AppendLine(Invariant($"- Store: `{storePath}`; Greenspace {GreenspaceVersion}."));
        s.AppendLine(Invariant($"- Programs: {string.Join(", ", calculations.Select(c => $"{c.Program} {c.Result.Provenance.ProgramVersion}").Distinct().Order(StringComparer.Ordinal))}."));
        s.AppendLine(Invariant($"- Input molecules: **{LicencePlaceholder}** (the store does not record where the molecules came from; name the source and its licence before sharing this file)."));
        return s.ToString();
    }

    private static string GreenspaceVersion => typeof(DatasetCard).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string Describe(ExportFormat format) => format switch
    {
        ExportFormat.ExtXyz => "Extended XYZ, one frame per result (read with `ase.io.read(path, index=':')`)",
        ExportFormat.QcSchema => "MolSSI QCSchema records, one JSON document per line (JSON Lines)",
        ExportFormat.Parquet => "A Parquet table, one row per result with its cost",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static string Units(ExportFormat format) => format switch
    {
        ExportFormat.ExtXyz =>
            "Positions in angstrom (the optimised geometry for an optimisation). `energy` is the total electronic energy in eV (ASE's unit; "
            + "absent for a heat of formation or a force-field energy, which are other quantities), also given as `total_energy_hartree`; "
            + "`forces` in eV/angstrom; every other key names its unit (`homo_lumo_gap_hartree`, `dipole_debye`, `heat_of_formation_kcal_per_mol`). "
            + "`charge` is the total charge, `spin` the multiplicity 2S+1.",
        ExportFormat.QcSchema =>
            "QCSchema's atomic units: geometry in bohr, energies in Hartree, gradients in Hartree/bohr, `scf_dipole_moment` in e a0. "
            + "Energies that are not total electronic energies (heats of formation, force-field energies) are only under `extras.greenspace.energy`, with their unit; "
            + "other Greenspace properties are under `extras.greenspace.properties`, each key naming its unit.",
        ExportFormat.Parquet =>
            "`energy` is in the unit of its row's `energy_unit` (hartree for `total_energy`, kcal/mol otherwise); every other column names its unit; times are UTC.",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
