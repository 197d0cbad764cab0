using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Greenspace.Execution;
using Greenspace.Ledger;
using Greenspace.Records;
using Greenspace.Store;
using Spectre.Console;

namespace Greenspace.Cli;

/// <summary>What <c>compute</c> tells the user: one row per input record, and the totals.</summary>
public sealed class ComputeReport
{
    public sealed record Row(InputMolecule Input, ComputeOutcome? Outcome)
    {
        public bool Succeeded => Outcome?.Succeeded == true;
        public string? Problem => Input.Error ?? Outcome?.Problem;
    }

    public required IReadOnlyList<Row> Rows { get; init; }
    public required TimeSpan Wall { get; init; }
    public required string StorePath { get; init; }
    public required RunTotals Ledger { get; init; }
    public required MachineProfile Machine { get; init; }

    public int Records => Rows.Count;
    public int Done => Rows.Count(r => r.Succeeded);
    public int Failed => Records - Done;
    public int Computed => Rows.Count(r => r.Outcome?.Source == OutcomeSource.Computed);
    public int FromStore => Rows.Count(r => r.Outcome?.Source is OutcomeSource.Store or OutcomeSource.StoredFailure);
    public double CpuSecondsComputed => Rows.Where(r => r.Outcome?.Source == OutcomeSource.Computed).Sum(r => r.Outcome!.Result?.Cost.CpuSeconds ?? 0);
    public double CpuSecondsAvoided => Rows.Where(r => r.Outcome?.Source == OutcomeSource.Store).Sum(r => r.Outcome!.Result?.Cost.CpuSeconds ?? 0);
    public int Embedded => Rows.Count(r => r.Input.Embedded);

    public static ComputeReport Build(IReadOnlyList<InputMolecule> inputs, IReadOnlyList<InputMolecule> valid, IReadOnlyList<ComputeOutcome> outcomes, TimeSpan wall, string storePath,
        RunTotals ledger, MachineProfile machine)
    {
        var byInput = valid.Select((input, i) => (input, outcome: outcomes.Count > i ? outcomes[i] : null)).ToDictionary(p => p.input.Index, p => p.outcome);
        return new ComputeReport
        {
            Rows = inputs.Select(i => new Row(i, byInput.GetValueOrDefault(i.Index))).ToList(),
            Wall = wall,
            StorePath = storePath,
            Ledger = ledger,
            Machine = machine,
        };
    }

    public void Print(IAnsiConsole console)
    {
        if (Rows.Count <= 25)
        {
            var table = new Table().RoundedBorder().AddColumns("#", "molecule", "status", "energy", "gap (eV)", "source", "CPU s");
            foreach (var r in Rows)
            {
                var p = r.Outcome?.Result?.Properties;
                table.AddRow(
                    (r.Input.Index + 1).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(Truncate(r.Input.Label, 40)),
                    r.Succeeded ? "[green]done[/]" : "[red]failed[/]",
                    p is null ? "-" : Markup.Escape(FormatEnergy(p)),
                    p?.HomoLumoGapHartree is { } gap ? (gap * Chemistry.Units.ElectronVoltPerHartree).ToString("F3", CultureInfo.InvariantCulture) : "-",
                    Markup.Escape(SourceText(r)),
                    r.Outcome?.Result is { } res ? res.Cost.CpuSeconds.ToString("F2", CultureInfo.InvariantCulture) : "-");
            }
            console.Write(table);
        }
        else
            PrintHighlights(console);
        var failures = Rows.Where(r => !r.Succeeded).ToList();
        foreach (var r in failures.Take(50))
            console.MarkupLineInterpolated($"[red]failed[/] {r.Input.Location} ({Truncate(r.Input.Label, 60)}): {r.Problem}");
        if (failures.Count > 50)
            console.MarkupLineInterpolated($"[red]... and {failures.Count - 50} more failures[/] (use --json for all)");
        foreach (var r in Rows.Where(r => r.Input.Note is not null).Take(20))
            console.MarkupLineInterpolated($"[yellow]note[/] {r.Input.Location}: {r.Input.Note}");

        var summary = new Table().RoundedBorder().Title("summary").AddColumns("records", "done", "failed", "computed now", "from store", "CPU s computed", "CPU s avoided", "wall s");
        summary.AddRow(
            Records.ToString(CultureInfo.InvariantCulture),
            $"[green]{Done}[/]",
            Failed > 0 ? $"[red]{Failed}[/]" : "0",
            Computed.ToString(CultureInfo.InvariantCulture),
            FromStore.ToString(CultureInfo.InvariantCulture),
            CpuSecondsComputed.ToString("F2", CultureInfo.InvariantCulture),
            CpuSecondsAvoided.ToString("F2", CultureInfo.InvariantCulture),
            Wall.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        console.Write(summary);
        PrintLedger(console);
        console.MarkupLineInterpolated($"store: {StorePath}");
    }

    private void PrintLedger(IAnsiConsole console) => RunLedgerReport.Print(console, Ledger, Machine);

    // For a large input, the extremes of what was found rather than every row.
    private void PrintHighlights(IAnsiConsole console)
    {
        var withGap = Rows.Where(r => r.Outcome?.Result?.Properties?.HomoLumoGapHartree is not null).ToList();
        if (withGap.Count < 10)
            return;
        double Gap(Row r) => r.Outcome!.Result!.Properties!.HomoLumoGapHartree!.Value * Chemistry.Units.ElectronVoltPerHartree;
        double Dipole(Row r) => r.Outcome!.Result!.Properties!.DipoleDebye?.Norm ?? double.NaN;
        var table = new Table().RoundedBorder().Title($"extremes among {withGap.Count} results").AddColumns("", "molecule", "gap (eV)", "dipole (D)");
        void Add(string what, IEnumerable<Row> rows)
        {
            foreach (var r in rows)
                table.AddRow(what, Markup.Escape(Truncate(r.Input.Smiles ?? r.Input.Label, 50)), Gap(r).ToString("F3", CultureInfo.InvariantCulture),
                    Dipole(r).ToString("F2", CultureInfo.InvariantCulture));
        }
        Add("largest gap", withGap.OrderByDescending(Gap).Take(3));
        Add("smallest gap", withGap.OrderBy(Gap).Take(3));
        Add("largest dipole", withGap.Where(r => !double.IsNaN(Dipole(r))).OrderByDescending(Dipole).Take(3));
        console.Write(table);
    }

    public string ToJson()
    {
        var records = new JsonArray();
        foreach (var r in Rows)
        {
            var result = r.Outcome?.Result;
            var p = result?.Properties;
            var node = new JsonObject
            {
                ["index"] = r.Input.Index,
                ["location"] = r.Input.Location,
                ["name"] = r.Input.Molecule?.Name,
                ["formula"] = r.Input.Molecule?.Formula,
                ["smiles"] = r.Input.Smiles,
                ["canonical_smiles"] = r.Input.CanonicalSmiles,
                ["inchikey"] = r.Input.InChIKey,
                ["status"] = r.Succeeded ? "done" : "failed",
                ["source"] = SourceText(r),
                ["request_hash"] = r.Outcome?.RequestHash,
                ["error"] = r.Problem,
                ["note"] = r.Input.Note,
            };
            if (p is not null)
            {
                node["energy_kind"] = p.EnergyKind.ToWire();
                node["energy"] = p.Energy;
                node["energy_unit"] = p.EnergyKind.Unit();
                node["energy_zero"] = p.EnergyKind.Zero();
                node["homo_lumo_gap_hartree"] = p.HomoLumoGapHartree;
                node["dipole_debye"] = p.DipoleDebye is { } d ? new JsonArray(d.X, d.Y, d.Z) : null;
            }
            if (result is not null)
            {
                node["program"] = result.Provenance.Program;
                node["program_version"] = result.Provenance.ProgramVersion;
                node["cpu_seconds"] = result.Cost.CpuSeconds;
                node["wall_seconds"] = result.Cost.WallSeconds;
                node["peak_memory_bytes"] = result.Cost.PeakMemoryBytes;
            }
            records.Add(node);
        }
        var root = new JsonObject
        {
            ["summary"] = new JsonObject
            {
                ["records"] = Records,
                ["done"] = Done,
                ["failed"] = Failed,
                ["computed"] = Computed,
                ["from_store"] = FromStore,
                ["embedded_3d"] = Embedded,
                ["cpu_seconds_computed"] = CpuSecondsComputed,
                ["cpu_seconds_avoided"] = CpuSecondsAvoided,
                ["wall_seconds"] = Wall.TotalSeconds,
                ["store"] = StorePath,
            },
            ["ledger"] = LedgerJson(),
            ["records"] = records,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private JsonObject LedgerJson() => RunLedgerReport.Json(Ledger, Machine);

    private static string SourceText(Row r) => r.Outcome?.Source switch
    {
        OutcomeSource.Computed => "computed",
        OutcomeSource.Store => "store",
        OutcomeSource.StoredFailure => "store (failed before; --retry-failed runs it again)",
        OutcomeSource.Rejected => "rejected",
        _ => "input",
    };

    private static string FormatEnergy(ResultProperties p) => p.EnergyKind switch
    {
        EnergyKind.TotalElectronic => $"{p.Energy:F8} Eh",
        EnergyKind.HeatOfFormation => $"{p.Energy:F3} kcal/mol (ΔHf)",
        _ => $"{p.Energy:F3} kcal/mol (FF)",
    };

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
