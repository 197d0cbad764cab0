using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Records;
using Greenspace.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary>A progress bar for SMILES that need a new 3D structure.</summary>
file sealed class EmbeddingBar(ProgressContext context) : IEmbeddingProgress
{
    private ProgressTask? _task;

    public void Started(int molecules) => _task = context.AddTask($"3D structures from SMILES (Open Babel) x {molecules}", maxValue: molecules);

    public void Settled(int molecules) => _task?.Increment(molecules);
}

/// <summary><c>greenspace compute</c>: one method over every molecule of a file, answered from the store where it can be.</summary>
public sealed class ComputeCommand : AsyncCommand<ComputeCommand.Settings>
{
    public sealed class Settings : EngineSettings
    {
        [CommandOption("-i|--input <FILE>")]
        [Description("Molecules: .smi or .csv (SMILES), .xyz, .extxyz or .sdf.")]
        public string? Input { get; init; }

        [CommandOption("-m|--method <METHOD>")]
        [Description("gfnff, gfn1, gfn2 (xtb); pm7, pm6 (mopac); mmff94 (openbabel); hf, b3lyp, pbe0, mp2, ccsd(t) (psi4; nwchem with --program nwchem).")]
        public string? Method { get; init; }

        [CommandOption("-p|--program <PROGRAM>")]
        [Description("The program to run the method with, when not the default one.")]
        public string? Program { get; init; }

        [CommandOption("-b|--basis <BASIS>")]
        [Description("Basis set, for methods that take one (e.g. 6-31g*, def2-svp, cc-pvdz).")]
        public string? Basis { get; init; }

        [CommandOption("-d|--driver <DRIVER>")]
        [Description("energy (default), gradient or optimization.")]
        [DefaultValue("energy")]
        public string Driver { get; init; } = "energy";

        [CommandOption("-k|--keyword <KEY=VALUE>")]
        [Description("A program keyword, repeatable (e.g. -k alpb=water, -k acc=0.1).")]
        public string[] Keywords { get; init; } = [];

        [CommandOption("--retry-failed")]
        [Description("Run again requests whose stored result is a failure (calculations, and SMILES that could not be made 3D).")]
        public bool RetryFailed { get; init; }

        [CommandOption("--keep-scratch")]
        [Description("Keep each calculation's scratch directory.")]
        public bool KeepScratch { get; init; }

        [CommandOption("--json")]
        [Description("Print the results as JSON on standard output (progress goes to standard error).")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Input))
                return ValidationResult.Error("give the molecules with --input FILE");
            if (string.IsNullOrWhiteSpace(Method))
                return ValidationResult.Error("give the method with --method, e.g. --method gfn2");
            if (!DriverNames.TryParse(Driver, out _))
                return ValidationResult.Error($"--driver '{Driver}' is not energy, gradient or optimization");
            if (EngineProblem() is { } problem)
                return ValidationResult.Error(problem);
            foreach (var k in Keywords)
                if (!k.Contains('=') || k.StartsWith('='))
                    return ValidationResult.Error($"--keyword '{k}' is not KEY=VALUE");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var method = settings.Method!.Trim().ToLowerInvariant();
        var program = settings.Program?.Trim().ToLowerInvariant() ?? MethodCatalog.DefaultProgram(method)
            ?? throw new UsageException($"Greenspace does not know which program runs the method '{method}'; name it with --program, or use one of {string.Join(", ", MethodCatalog.Known)}");
        if (settings.Basis is null && MethodCatalog.NeedsBasis(method))
            throw new UsageException($"the method '{method}' needs a basis set; add e.g. --basis 6-31g* or --basis def2-svp");
        DriverNames.TryParse(settings.Driver, out var driver);
        var keywords = settings.Keywords.Select(k => k.Split('=', 2)).Select(p => KeyValuePair.Create(p[0].Trim(), p[1].Trim())).ToList();

        var machine = settings.DetectMachine();
        var ui = settings.Json ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : AnsiConsole.Console;
        using var store = ResultStore.Open(settings.StorePath);
        var jobs = settings.JobCount;
        var scratchRoot = Path.Combine(Path.GetTempPath(), "greenspace-scratch");
        var environment = EngineEnvironment.Current with { VersionCache = store };

        var engineOptions = new EngineRunOptions
        {
            ScratchRoot = scratchRoot,
            Threads = settings.Threads,
            TimeLimit = TimeSpan.FromSeconds(settings.TimeLimitSeconds),
            MemoryMiB = settings.MemoryMiB,
            KeepScratch = settings.KeepScratch,
            Environment = environment,
        };
        var ledger = new RunLedger(store, machine, "greenspace " + string.Join(' ', context.Arguments), jobs * settings.Threads);
        var executor = settings.CreateExecutor(store);
        await using var _ = executor as IAsyncDisposable;
        var service = new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = jobs, RetryFailed = settings.RetryFailed, Engine = engineOptions, Ledger = ledger, Executor = executor });

        IReadOnlyList<InputMolecule> inputs = [];
        List<InputMolecule> valid = [];
        IReadOnlyList<ComputeOutcome> outcomes = [];
        RunTotals totals;
        try
        {
            await ui.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var reader = new MoleculeInputs(store, environment, scratchRoot, jobs) { RetryFailed = settings.RetryFailed };
                    inputs = await InputFile.ReadAsync(reader, settings.Input!, ledger, new EmbeddingBar(ctx), cancellationToken);
                    valid = inputs.Where(i => i.Molecule is not null).ToList();
                    var requests = valid.Select(i => new CalculationRequest(i.Molecule!, program, method, settings.Basis, driver, keywords)).ToList();
                    if (requests.Count == 0)
                        return;
                    var task = ctx.AddTask(Markup.Escape($"{requests[0].Label} x {requests.Count}"), maxValue: requests.Count);
                    outcomes = await service.RunAsync(requests, _ => task.Increment(1), cancellationToken);
                });
        }
        finally
        {
            // Whatever happened, what was spent is charged, the orchestrator included.
            totals = ledger.Close();
        }

        var report = ComputeReport.Build(inputs, valid, outcomes, clock.Elapsed, store.Path, totals, machine);
        if (settings.Json)
            Console.WriteLine(report.ToJson());
        else
            report.Print(AnsiConsole.Console);

        if (valid.Count == 0)
            return ExitCodes.NothingProcessed;
        return report.Failed == 0 ? ExitCodes.Success : ExitCodes.SomeFailed;
    }
}
