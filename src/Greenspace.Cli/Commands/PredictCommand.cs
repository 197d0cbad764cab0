using System.ComponentModel;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Learning.Persistence;
using Greenspace.Ledger;
using Greenspace.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary><c>greenspace predict</c>: a saved model's predictions, with calibrated sigmas, for every molecule of a file, and a warning for each one outside its domain.</summary>
public sealed class PredictCommand : AsyncCommand<PredictCommand.Settings>
{
    public sealed class Settings : LedgerSettings
    {
        [CommandOption("--model <NAME|ID|FILE>")]
        [Description("The model: its name or id in the store (the newest of a name), or a .gsmodel file.")]
        public string? Model { get; init; }

        [CommandOption("-i|--input <FILE>")]
        [Description("Molecules: .smi or .csv (SMILES, made 3D by Open Babel and kept in the store), .xyz, .extxyz or .sdf.")]
        public string? Input { get; init; }

        [CommandOption("-j|--jobs <N>")]
        [Description("Open Babel processes at once for SMILES. Default: one per core.")]
        public int? Jobs { get; init; }

        [CommandOption("--retry-failed")]
        [Description("Try again SMILES that could not be made 3D before.")]
        public bool RetryFailed { get; init; }

        [CommandOption("--json")]
        [Description("Print the predictions as JSON on standard output (progress goes to standard error).")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Model))
                return ValidationResult.Error("name the model with --model NAME, ID or FILE (greenspace learn prints it)");
            if (string.IsNullOrWhiteSpace(Input))
                return ValidationResult.Error("give the molecules with --input FILE");
            if (Jobs is < 1)
                return ValidationResult.Error("--jobs must be at least 1");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var machine = settings.DetectMachine();
        var ui = settings.Json ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : AnsiConsole.Console;
        using var store = ResultStore.Open(settings.StorePath);
        var (model, modelId) = FindModel(store, settings.Model!);
        int jobs = settings.Jobs ?? Environment.ProcessorCount;
        var ledger = new RunLedger(store, machine, "greenspace " + string.Join(' ', context.Arguments), machine.LogicalCpus);
        IReadOnlyList<InputMolecule> inputs = [];
        IReadOnlyList<MoleculePrediction> predictions = [];
        RunTotals totals;
        try
        {
            var reader = new MoleculeInputs(store, EngineEnvironment.Current with { VersionCache = store }, Path.Combine(Path.GetTempPath(), "greenspace-scratch"), jobs)
            {
                RetryFailed = settings.RetryFailed,
            };
            inputs = await InputFile.ReadAsync(reader, settings.Input!, ledger, null, cancellationToken);
            var valid = inputs.Where(i => i.Molecule is not null).ToList();
            if (valid.Count > 0)
            {
                ui.MarkupLineInterpolated($"[grey]predicting {valid.Count} molecules with {model.Metadata.Name}[/]");
                var work = InProcessWork.Start();
                var predicted = model.Predict([.. valid.Select(i => i.Molecule!)]);
                ledger.ChargeInProcess(LedgerEntryKind.Prediction, $"prediction of {valid.Count} molecules with {model.Metadata.Name}", model.Model.Type, work.Stop("prediction"));
                var byInput = valid.Select((input, k) => (input.Index, predicted[k])).ToDictionary(p => p.Index, p => p.Item2);
                predictions = [.. inputs.Select(i => byInput.GetValueOrDefault(i.Index) ?? new MoleculePrediction(i.Index, null, null, null, null, i.Error))];
            }
            else
                predictions = [.. inputs.Select(i => new MoleculePrediction(i.Index, null, null, null, null, i.Error))];
        }
        finally
        {
            totals = ledger.Close();
        }

        var report = new PredictReport(model, modelId, inputs, predictions, totals, machine);
        if (settings.Json)
            Console.WriteLine(report.ToJson());
        else
            report.Print(AnsiConsole.Console);
        if (inputs.All(i => i.Molecule is null))
            return ExitCodes.NothingProcessed;
        return predictions.All(p => p.Predicted) ? ExitCodes.Success : ExitCodes.SomeFailed;
    }

    /// <summary>The model in the store by id or name, else from a file; a missing one is a usage error that lists what the store has.</summary>
    private static (SavedModel Model, long? Id) FindModel(ResultStore store, string nameOrId)
    {
        try
        {
            if (store.FindModel(nameOrId) is { } stored)
                return (SavedModel.FromBytes(stored.Blob, $"model {stored.Id} '{stored.Name}' of the store"), stored.Id);
            if (File.Exists(nameOrId))
                return (SavedModel.Load(nameOrId), null);
        }
        catch (ModelFormatException e)
        {
            throw new UsageException(e.Message);
        }
        var known = store.ModelNames();
        throw new UsageException(known.Count == 0
            ? $"the store {store.Path} holds no models and there is no file {nameOrId}; train one with greenspace learn"
            : $"the store {store.Path} has no model '{nameOrId}' and there is no such file; it has {string.Join(", ", known.Take(10).Select(m => $"{m.Id} ({m.Name})"))}");
    }
}
