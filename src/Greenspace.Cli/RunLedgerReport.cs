using System.Globalization;
using System.Text.Json.Nodes;
using Greenspace.Ledger;
using Greenspace.Store;
using Spectre.Console;

namespace Greenspace.Cli;

/// <summary>What a run of a command cost, as every command that keeps a ledger shows it: by kind of entry, the allocation beside their sum, and every assumption in plain sight.</summary>
public static class RunLedgerReport
{
    public static void Print(IAnsiConsole console, RunTotals ledger, MachineProfile machine)
    {
        var inv = CultureInfo.InvariantCulture;
        var (eScale, eUnit) = ledger.All.EnergyHighKwh switch { < 1e-3 => (1e6, "mWh"), < 1 => (1e3, "Wh"), < 1e3 => (1.0, "kWh"), _ => (1e-3, "MWh") };
        var (cScale, cUnit) = ledger.All.CarbonHighGco2e switch { < 1 => (1e3, "mg"), < 1e3 => (1.0, "g"), < 1e6 => (1e-3, "kg"), _ => (1e-6, "t") };
        string E(double kwh) => (kwh * eScale).ToString("G3", inv);
        string C(double g) => (g * cScale).ToString("G3", inv);
        var table = new Table().RoundedBorder().Title("energy and carbon of this run")
            .AddColumns("charged for", "n", "CPU s", $"energy {eUnit} (band)", $"CO2e {cUnit} (band)", $"embodied {cUnit}");
        foreach (var t in ledger.ByKind.Append(ledger.All))
            table.AddRow(
                t.Group == "all" ? "[bold]all[/]" : Markup.Escape(t.Group),
                t.Entries.ToString(inv),
                t.CpuSeconds.ToString("F2", inv),
                $"{E(t.EnergyKwh)} ({E(t.EnergyLowKwh)}-{E(t.EnergyHighKwh)})",
                $"{C(t.CarbonGco2e)} ({C(t.CarbonLowGco2e)}-{C(t.CarbonHighGco2e)})",
                C(t.EmbodiedGco2e));
        console.Write(table);
        var all = ledger.All;
        double held = ledger.AllocationCoreSeconds;
        console.MarkupLineInterpolated(
            $"allocation: {ledger.CoresReserved:0.#} cores x {ledger.WallSeconds:F1} s = {held:F1} core-seconds held; the entries used {all.CpuSeconds:F1} CPU-seconds ({(held > 0 ? all.CpuSeconds / held : 0):P0}), the rest was idle");
        if (ledger.AnswersFromStore > 0)
            console.MarkupLineInterpolated($"avoided by {ledger.AnswersFromStore} answers from the store: {FootprintFormat.Energy(ledger.EnergyAvoidedKwh)}, {FootprintFormat.Carbon(ledger.CarbonAvoidedGco2e)} (the recorded cost of the original calculations)");
        console.MarkupLineInterpolated(
            $"[grey]energy: {machine.EnergyCounters.Describe()}; {machine.TdpPerCoreW:0.##} W per core ({machine.TdpSource}); PUE {machine.Pue:0.##} ({machine.PueSource}); carbon intensity {machine.CarbonIntensity.Describe()}[/]");
    }

    /// <summary>One ledger total as JSON, units in the keys.</summary>
    public static JsonObject Total(LedgerTotal t) => new()
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

    public static JsonObject Json(RunTotals ledger, MachineProfile machine)
    {
        var byKind = new JsonObject();
        foreach (var t in ledger.ByKind)
            byKind[t.Group] = Total(t);
        return new JsonObject
        {
            ["run_id"] = ledger.RunId,
            ["total"] = Total(ledger.All),
            ["by_kind"] = byKind,
            ["cores_reserved"] = ledger.CoresReserved,
            ["wall_seconds"] = ledger.WallSeconds,
            ["allocation_core_seconds"] = ledger.AllocationCoreSeconds,
            ["answers_from_store"] = ledger.AnswersFromStore,
            ["energy_avoided_kwh"] = ledger.EnergyAvoidedKwh,
            ["carbon_avoided_gco2e"] = ledger.CarbonAvoidedGco2e,
            ["energy_counters"] = machine.EnergyCounters.Describe(),
            ["tdp_per_core_w"] = machine.TdpPerCoreW,
            ["pue"] = machine.Pue,
            ["pue_source"] = machine.PueSource,
            ["carbon_intensity_g_per_kwh"] = machine.CarbonIntensity.GramsCo2ePerKwh,
            ["carbon_intensity"] = machine.CarbonIntensity.Describe(),
            ["convention"] = CalculationFootprintModel.Convention,
        };
    }
}
