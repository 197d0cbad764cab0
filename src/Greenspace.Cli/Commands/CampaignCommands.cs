using System.ComponentModel;
using System.Globalization;
using Greenspace.Campaigns;
using Greenspace.Campaigns.Reports;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Ledger;
using Greenspace.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary>Settings shared by <c>campaign run</c> and <c>campaign report</c>.</summary>
public class CampaignSettings : EngineSettings
{
    [CommandArgument(0, "<SPEC>")]
    [Description("The campaign spec (YAML), e.g. campaigns/qm9-gap.yaml.")]
    public string Spec { get; init; } = "";

    [CommandOption("--variant <VARIANT>")]
    [Description("reference (default), cost-blind, single-fidelity, random or greedy.")]
    [DefaultValue("reference")]
    public string Variant { get; init; } = "reference";

    [CommandOption("--report <DIR>")]
    [Description("Where the report goes. Default: the spec's output, else a folder named after the campaign beside the store.")]
    public string? Report { get; init; }

    public CampaignVariant ParsedVariant => Variant.Trim().ToLowerInvariant() switch
    {
        "reference" => CampaignVariant.Reference,
        "cost-blind" => CampaignVariant.CostBlind,
        "single-fidelity" => CampaignVariant.SingleFidelity,
        "random" => CampaignVariant.Random,
        "greedy" => CampaignVariant.Greedy,
        _ => throw new UsageException($"--variant '{Variant}' is not one of reference, cost-blind, single-fidelity, random, greedy"),
    };

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Spec))
            return ValidationResult.Error("give the campaign spec, e.g. greenspace campaign run campaigns/qm9-gap.yaml");
        if (EngineProblem() is { } problem)
            return ValidationResult.Error(problem);
        return ValidationResult.Success();
    }

    /// <summary>The spec, read and checked; every problem is one line of the exception's message.</summary>
    public (CampaignSpec Spec, string Text) ReadSpec()
    {
        if (!File.Exists(Spec))
            throw new UsageException($"the campaign spec {Spec} does not exist; give the path of a YAML spec such as campaigns/qm9-gap.yaml");
        try
        {
            return (CampaignSpecReader.Read(Spec), File.ReadAllText(Spec));
        }
        catch (CampaignSpecException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The campaign's services on this machine; <paramref name="ledger"/> null for a command that runs nothing.</summary>
    public CampaignServices Services(ResultStore store, MachineProfile machine, RunLedger? ledger, ICampaignProgress? progress, ICalculationExecutor? executor = null)
    {
        int jobs = JobCount;
        var environment = EngineEnvironment.Current with { VersionCache = store };
        var engine = new EngineRunOptions
        {
            ScratchRoot = Path.Combine(Path.GetTempPath(), "greenspace-scratch"),
            Threads = Threads,
            TimeLimit = TimeSpan.FromSeconds(TimeLimitSeconds),
            MemoryMiB = MemoryMiB,
            Environment = environment,
        };
        return new CampaignServices(store,
            new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = jobs, Engine = engine, Ledger = ledger, Executor = executor ?? LocalExecutor.Instance }),
            new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = jobs, Engine = engine, Ledger = ledger, StoreOnly = true }),
            new MoleculeInputs(store, environment, engine.ScratchRoot, jobs), machine, Threads, ledger, progress);
    }

    public string ReportDirectory(CampaignSpec spec, CampaignVariant variant, string storePath)
    {
        string root = Report ?? spec.Output ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storePath)) ?? ".", "campaigns", spec.Name);
        return variant == CampaignVariant.Reference ? root : Path.Combine(root, CampaignRunner.VariantName(variant));
    }
}

/// <summary>A live display of a running campaign: what it is doing, and the budget spent.</summary>
file sealed class CampaignDisplay(ProgressContext context, CampaignSpec spec) : ICampaignProgress
{
    private readonly ProgressTask _phase = context.AddTask("starting", maxValue: 1);
    private readonly ProgressTask _budget = context.AddTask(BudgetText(spec, 0, 0), maxValue: 1);
    private int _steps;

    public void Phase(string description) => _phase.Description = Markup.Escape(description);

    public void BatchDecided(int batch, int steps, string? model)
    {
        _phase.Description = Markup.Escape($"batch {batch}: {steps} calculations");
        _phase.MaxValue = steps;
        _phase.Value = 0;
    }

    public void StepFinished(int batch, string molecule, string rung, bool succeeded, double spentKwh)
    {
        _phase.Increment(1);
        int steps = Interlocked.Increment(ref _steps);
        _budget.Description = Markup.Escape(BudgetText(spec, spentKwh, steps));
        if (spec.Budget.Kwh is { } kwh)
            _budget.Value = Math.Min(1, spentKwh / kwh);
    }

    private static string BudgetText(CampaignSpec spec, double spent, int steps) =>
        spec.Budget.Kwh is { } kwh ? $"spent {spent:G3} of {kwh:G3} kWh ({steps} calculations this run)" : $"spent {spent:G3} kWh ({steps} calculations this run)";
}

/// <summary><c>greenspace campaign run</c>: runs (or resumes) a campaign to a stopping rule, then writes its report.</summary>
public sealed class CampaignRunCommand : AsyncCommand<CampaignRunCommand.Settings>
{
    public sealed class Settings : CampaignSettings
    {
        [CommandOption("--compare")]
        [Description("Also run the cost-blind and single-fidelity variants under the same budget, and draw them in the report.")]
        public bool Compare { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var (spec, text) = settings.ReadSpec();
        var variant = settings.ParsedVariant;
        var machine = settings.DetectMachine();
        using var store = ResultStore.Open(settings.StorePath);
        var ledger = new RunLedger(store, machine, "greenspace " + string.Join(' ', context.Arguments), settings.JobCount * settings.Threads);
        var executor = settings.CreateExecutor(store);
        await using var _ = executor as IAsyncDisposable;
        var runs = new List<CampaignRun>();
        RunTotals totals;
        try
        {
            var variants = settings.Compare && variant == CampaignVariant.Reference
                ? new[] { variant, CampaignVariant.CostBlind, CampaignVariant.SingleFidelity }
                : [variant];
            foreach (var v in variants)
            {
                AnsiConsole.MarkupLine($"[bold]campaign {Markup.Escape(spec.Name)}[/] ({CampaignRunner.VariantName(v)}), store {Markup.Escape(store.Path)}");
                await AnsiConsole.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                    .StartAsync(async ctx =>
                    {
                        var services = settings.Services(store, machine, ledger, new CampaignDisplay(ctx, spec), executor);
                        try
                        {
                            runs.Add(await new CampaignRunner(spec, text, services, v).RunAsync(cancellationToken));
                        }
                        catch (CampaignInputException e)
                        {
                            throw new UsageException(e.Message);
                        }
                    });
                AnsiConsole.MarkupLine($"  stopped: {Markup.Escape(runs[^1].StopReason)}");
            }
        }
        finally
        {
            totals = ledger.Close();
        }
        var directory = settings.ReportDirectory(spec, variant, store.Path);
        var data = CampaignReportBuilder.Build(spec, runs[0], store, machine, runs.Skip(1).ToList());
        var files = CampaignReport.Write(data, directory);
        CampaignSummary.Print(data, files, totals);
        return ExitCodes.Success;
    }
}

/// <summary><c>greenspace campaign report</c>: the report of a campaign as the store holds it, while it runs or after.</summary>
public sealed class CampaignReportCommand : AsyncCommand<CampaignSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, CampaignSettings settings, CancellationToken cancellationToken)
    {
        var (spec, _) = settings.ReadSpec();
        var variant = settings.ParsedVariant;
        var machine = settings.DetectMachine();
        if (!File.Exists(settings.StorePath))
            throw new UsageException($"the store {settings.StorePath} does not exist; run the campaign first, or name its store with --store");
        using var store = ResultStore.Open(settings.StorePath);
        var services = settings.Services(store, machine, null, null);
        CampaignRun run;
        var comparisons = new List<CampaignRun>();
        try
        {
            run = await new CampaignRunner(spec, "", services, variant).ReadAsync(cancellationToken);
            if (variant == CampaignVariant.Reference)
                foreach (var other in new[] { CampaignVariant.CostBlind, CampaignVariant.SingleFidelity })
                    if (store.Campaigns(spec.Name).Any(c => c.Variant == CampaignRunner.VariantName(other) && c.SpecHash == CampaignRunner.SpecHash(spec)))
                        comparisons.Add(await new CampaignRunner(spec, "", services, other).ReadAsync(cancellationToken));
        }
        catch (CampaignInputException e)
        {
            throw new UsageException(e.Message);
        }
        var data = CampaignReportBuilder.Build(spec, run, store, machine, comparisons);
        var files = CampaignReport.Write(data, settings.ReportDirectory(spec, variant, store.Path));
        CampaignSummary.Print(data, files, null);
        return ExitCodes.Success;
    }
}

/// <summary>The few lines a campaign command ends with: the best candidates, the receipt, and where the report is.</summary>
file static class CampaignSummary
{
    public static void Print(CampaignReportData data, CampaignReportFiles files, RunTotals? totals)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape($"{data.Name}: {data.ObjectiveText}"));
        table.AddColumns("#", "molecule", "SMILES", $"predicted ({data.Unit})", $"computed ({data.Unit})");
        foreach (var candidate in data.Top)
            table.AddRow(candidate.Rank.ToString(c), Markup.Escape(candidate.Molecule), Markup.Escape(candidate.Smiles ?? ""),
                double.IsFinite(candidate.PredictedMean) ? $"{candidate.PredictedMean.ToString("F3", c)} ± {candidate.PredictedSigma.ToString("F3", c)}" : "",
                candidate.Label is { } label ? label.ToString("F3", c) : "—");
        AnsiConsole.Write(table);
        var r = data.Receipt;
        AnsiConsole.WriteLine(string.Create(c, $"receipt: {r.TotalKwh:G4} kWh ({string.Join(", ", data.Rungs.Select(x => $"{x.Name} {x.Kwh:G3}"))}, ML {r.MlKwh:G3}), {r.GramsCo2e:G4} gCO2e operational + {r.EmbodiedGramsCo2e:G3} embodied; brute force {r.BruteForceKwh:G4} kWh ({100 * r.TotalKwh / Math.Max(r.BruteForceKwh, 1e-300):G3} % of it spent)"));
        AnsiConsole.WriteLine(string.Create(c, $"labels: {string.Join(", ", data.Rungs.Select(x => $"{x.Name} {x.Computed} computed, {x.FromStore} from the store, {x.Replayed} replayed, {x.Failed} failed"))}"));
        if (totals is not null)
            AnsiConsole.WriteLine(string.Create(c, $"this run's ledger: {totals.All.EnergyKwh:G4} kWh in {totals.All.Entries} entries (calculations it ran, store answers not charged again, training, the greenspace process), allocation {totals.AllocationCoreSeconds:F0} core-seconds"));
        foreach (var warning in files.Warnings)
            AnsiConsole.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        AnsiConsole.WriteLine($"status: {data.Status}");
        AnsiConsole.WriteLine($"report: {files.Html}");
        AnsiConsole.WriteLine($"summary: {files.Markdown}");
    }
}
