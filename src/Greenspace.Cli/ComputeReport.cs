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

    // Energy and carbon by kind of entry, the allocation beside their sum, and every assumption in plain sight.
    private void PrintLedger(IAnsiConsole console)
    {
        var inv = CultureInfo.InvariantCulture;
        var (eScale, eUnit) = Ledger.All.EnergyHighKwh switch { < 1e-3 => (1e6, "mWh"), < 1 => (1e3, "Wh"), < 1e3 => (1.0, "kWh"), _ => (1e-3, "MWh") };
        var (cScale, cUnit) = Ledger.All.CarbonHighGco2e switch { < 1 => (1e3, "mg"), < 1e3 => (1.0, "g"), < 1e6 => (1e-3, "kg"), _ => (1e-6, "t") };
        string E(double kwh) => (kwh * eScale).ToString("G3", inv);
        string C(double g) => (g * cScale).ToString("G3", inv);
        var table = new Table().RoundedBorder().Title("energy and carbon of this run")
            .AddColumns("charged for", "n", "CPU s", $"energy {eUnit} (band)", $"CO2e {cUnit} (band)", $"embodied {cUnit}");
        foreach (var t in Ledger.ByKind.Append(Ledger.All))
            table.AddRow(
                t.Group == "all" ? "[bold]all[/]" : Markup.Escape(t.Group),
                t.Entries.ToString(inv),
                t.CpuSeconds.ToString("F2", inv),
                $"{E(t.EnergyKwh)} ({E(t.EnergyLowKwh)}-{E(t.EnergyHighKwh)})",
                $"{C(t.CarbonGco2e)} ({C(t.CarbonLowGco2e)}-{C(t.CarbonHighGco2e)})",
                C(t.EmbodiedGco2e));
        console.Write(table);
        var all = Ledger.All;
        double held = Ledger.AllocationCoreSeconds;
        console.MarkupLineInterpolated(
            $"allocation: {Ledger.CoresReserved:0.#} cores x {Ledger.WallSeconds:F1} s = {held:F1} core-seconds held; the entries used {all.CpuSeconds:F1} CPU-seconds ({(held > 0 ? all.CpuSeconds / held : 0):P0}), the rest was idle");
        if (Ledger.AnswersFromStore > 0)
            console.MarkupLineInterpolated($"avoided by {Ledger.AnswersFromStore} answers from the store: {FootprintFormat.Energy(Ledger.EnergyAvoidedKwh)}, {FootprintFormat.Carbon(Ledger.CarbonAvoidedGco2e)} (the recorded cost of the original calculations)");
        console.MarkupLineInterpolated(
            $"[grey]energy: {Machine.EnergyCounters.Describe()}; {Machine.TdpPerCoreW:0.##} W per core ({Machine.TdpSource}); PUE {Machine.Pue:0.##} ({Machine.PueSource}); carbon intensity {Machine.CarbonIntensity.Describe()}[/]");
    }

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

    private JsonObject LedgerJson()
    {
        JsonObject Total(LedgerTotal t) => new()
        {
            ["entries"] = t.Entries,
            ["cpu_seconds"] = t.CpuSeconds,
            ["energy_kwh"] = t.EnergyKwh,
            ["energy_low_kwh"] = t.EnergyLowKwh,
            ["energy_high_kwh"] = t.EnergyHighKwh,
            ["carbon_gco2e"] = t.CarbonGco2e,
            ["carbon_low_gco2e"] = t.CarbonLowGco2e,
            ["carbon_high_gco2e"] = t.CarbonHighGco2e,
            ["embodied_gco2e"] = t.EmbodiedGco2e,
        };
        var byKind = new JsonObject();
        foreach (var t in Ledger.ByKind)
            byKind[t.Group] = Total(t);
        return new JsonObject
        {
            ["run_id"] = Ledger.RunId,
            ["total"] = Total(Ledger.All),
            ["by_kind"] = byKind,
            ["cores_reserved"] = Ledger.CoresReserved,
            ["wall_seconds"] = Ledger.WallSeconds,
            ["allocation_core_seconds"] = Ledger.AllocationCoreSeconds,
            ["answers_from_store"] = Ledger.AnswersFromStore,
            ["energy_avoided_kwh"] = Ledger.EnergyAvoidedKwh,
            ["carbon_avoided_gco2e"] = Ledger.CarbonAvoidedGco2e,
            ["energy_counters"] = Machine.EnergyCounters.Describe(),
            ["tdp_per_core_w"] = Machine.TdpPerCoreW,
            ["pue"] = Machine.Pue,
            ["pue_source"] = Machine.PueSource,
            ["carbon_intensity_g_per_kwh"] = Machine.CarbonIntensity.GramsCo2ePerKwh,
            ["carbon_intensity"] = Machine.CarbonIntensity.Describe(),
            ["convention"] = CalculationFootprintModel.Convention,
        };
    }

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
