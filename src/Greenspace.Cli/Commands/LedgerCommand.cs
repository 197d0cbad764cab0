using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Greenspace.Ledger;
using Greenspace.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary><c>greenspace ledger</c>: what the store's calculations cost, by kind and by program and method, and what its answers avoided.</summary>
public sealed class LedgerCommand : Command<LedgerCommand.Settings>
{
    public sealed class Settings : StoreSettings
    {
        [CommandOption("--json")]
        [Description("Print JSON for scripts instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("--susml <NAME>")]
        [Description("Also print the store's total as a row of the SusML table (Markdown), under this name.")]
        public string? SusMl { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.StorePath))
            throw new UsageException($"there is no store at {settings.StorePath}; run greenspace compute first, or give --store PATH");
        using var store = ResultStore.Open(settings.StorePath);
        var summary = store.LedgerSummary();
        var all = LedgerTotal.Sum("all", summary.ByKind);
        if (settings.Json)
        {
            JsonObject Total(LedgerTotal t)
            {
                var json = RunLedgerReport.Total(t);
                json.Insert(0, "group", t.Group);
                return json;
            }
            var root = new JsonObject
            {
                ["store"] = store.Path,
                ["runs"] = summary.Runs,
                ["total"] = Total(all),
                ["by_kind"] = new JsonArray([.. summary.ByKind.Select(Total)]),
                ["by_program_and_method"] = new JsonArray([.. summary.ByProgramAndMethod.Select(Total)]),
                ["answers_from_store"] = summary.AnswersFromStore,
                ["energy_avoided_kwh"] = summary.EnergyAvoidedKwh,
                ["carbon_avoided_gco2e"] = summary.CarbonAvoidedGco2e,
                ["scheduler_jobs"] = SchedulerJson(store.SchedulerJobs()),
            };
            Console.WriteLine(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return ExitCodes.Success;
        }

        var inv = CultureInfo.InvariantCulture;
        foreach (var (title, rows) in new[] { ("by kind", summary.ByKind), ("by program and method", summary.ByProgramAndMethod) })
        {
            var table = new Table().RoundedBorder().Title(title).AddColumns("", "entries", "CPU hours", "energy", "band", "CO2e", "embodied");
            foreach (var t in rows.Append(all))
                table.AddRow(
                    Markup.Escape(t.Group),
                    t.Entries.ToString(inv),
                    (t.CpuSeconds / 3600).ToString("G3", inv),
                    FootprintFormat.Energy(t.EnergyKwh),
                    $"{FootprintFormat.Energy(t.EnergyLowKwh)} - {FootprintFormat.Energy(t.EnergyHighKwh)}",
                    FootprintFormat.Carbon(t.CarbonGco2e),
                    FootprintFormat.Carbon(t.EmbodiedGco2e));
            AnsiConsole.Write(table);
        }
        AnsiConsole.MarkupLineInterpolated($"{summary.Runs} runs; {summary.AnswersFromStore} answers from the store avoided {FootprintFormat.Energy(summary.EnergyAvoidedKwh)} and {FootprintFormat.Carbon(summary.CarbonAvoidedGco2e)} (the recorded cost of the calculations they repeat)");
        if (SchedulerLine(store.SchedulerJobs()) is { } line)
            AnsiConsole.MarkupLineInterpolated($"{line}");
        if (settings.SusMl is { } name)
            Console.WriteLine(FootprintFormat.SusMlRow(name, $"Greenspace store {Path.GetFileName(store.Path)}", all.CpuSeconds / 3600, "CPU", all.CarbonGco2e));
        return ExitCodes.Success;
    }

    /// <summary>
    /// What the cluster's jobs cost beyond their calculations: Slurm's TotalCPU (where its accounting runs) against the
    /// CPU time the workers measured for each calculation, which the ledger above already holds.
    /// </summary>
    private static string? SchedulerLine(IReadOnlyList<SchedulerJob> jobs)
    {
        if (jobs.Count == 0)
            return null;
        var accounted = jobs.Where(j => j.OverheadCpuSeconds is not null).ToList();
        var inv = CultureInfo.InvariantCulture;
        string overhead = accounted.Count == 0
            ? "Slurm kept no accounting of them (no slurmdbd), so their scheduling overhead is unknown"
            : string.Create(inv, $"Slurm's TotalCPU for the {accounted.Count} with accounting is {accounted.Sum(j => j.TotalCpuSeconds!.Value):F1} s against {accounted.Sum(j => j.WorkerCpuSeconds!.Value):F1} s measured by their calculations: {accounted.Sum(j => j.OverheadCpuSeconds!.Value):F1} s of scheduling overhead (worker start-up, job steps), not in the ledger above");
        string energy = jobs.Any(j => j.ConsumedEnergyJoules is not null)
            ? string.Create(inv, $"; Slurm measured {jobs.Sum(j => j.ConsumedEnergyJoules ?? 0) / 3.6e6:G3} kWh for the jobs where it measures energy")
            : "; Slurm measured no energy (ConsumedEnergy 0: not measured)";
        return $"{jobs.Count} Slurm jobs ran calculations; {overhead}{energy}";
    }

    private static JsonArray SchedulerJson(IReadOnlyList<SchedulerJob> jobs) =>
        [.. jobs.Select(j => (JsonNode)new JsonObject
        {
            ["scheduler"] = j.Scheduler,
            ["job_id"] = j.JobId,
            ["state"] = j.State,
            ["calculations"] = j.Calculations,
            ["finished"] = j.Finished,
            ["worker_cpu_seconds"] = j.WorkerCpuSeconds,
            ["total_cpu_seconds"] = j.TotalCpuSeconds,
            ["overhead_cpu_seconds"] = j.OverheadCpuSeconds,
            ["consumed_energy_joules"] = j.ConsumedEnergyJoules,
        })];
}
