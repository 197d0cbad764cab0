using System.ComponentModel;
using System.Globalization;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Learning;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Persistence;
using Greenspace.Ledger;
using Greenspace.Records;
using Greenspace.Store;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary><c>greenspace learn</c>: trains a kernel model on labelled molecules, prints its learning curve and calibration, and keeps it in the store.</summary>
public sealed class LearnCommand : Command<LearnCommand.Settings>
{
    public sealed class Settings : LedgerSettings
    {
        [CommandOption("-i|--input <FILE>")]
        [Description("Labelled molecules: XYZ or extended XYZ with the label as KEY=VALUE on each comment line, or SDF with it as a data field.")]
        public string? Input { get; init; }

        [CommandOption("--label <KEY>")]
        [Description("The key of the label in each record, e.g. E_PBE0_def2TZVP_kcalmol.")]
        public string? Label { get; init; }

        [CommandOption("--unit <UNIT>")]
        [Description("The label's unit, e.g. kcal/mol or hartree (required with --input).")]
        public string? Unit { get; init; }

        [CommandOption("--zero <TEXT>")]
        [Description("What a label of 0 means, for the model card, e.g. \"free atoms (atomization energy)\".")]
        public string? Zero { get; init; }

        [CommandOption("--fidelity <TEXT>")]
        [Description("The labels' level of theory, for the model card, e.g. PBE0/def2-TZVP.")]
        public string? Fidelity { get; init; }

        [CommandOption("--from-store")]
        [Description("Learn the energies of results in the store (choose them with --method, --program, --basis, --keyword).")]
        public bool FromStore { get; init; }

        [CommandOption("-m|--method <METHOD>")]
        [Description("With --from-store: the method of the stored results, e.g. gfn2.")]
        public string? Method { get; init; }

        [CommandOption("-p|--program <PROGRAM>")]
        [Description("With --from-store: the program, when not the method's default one.")]
        public string? Program { get; init; }

        [CommandOption("-b|--basis <BASIS>")]
        [Description("With --from-store: the basis set of the stored results.")]
        public string? Basis { get; init; }

        [CommandOption("-k|--keyword <KEY=VALUE>")]
        [Description("With --from-store: only results with this keyword, repeatable.")]
        public string[] Keywords { get; init; } = [];

        [CommandOption("-r|--representation <NAME>")]
        [Description("cm (Coulomb matrix, default), bob (bag of bonds), slatm, fchl19 or ecfp.")]
        [DefaultValue("cm")]
        public string Representation { get; init; } = "cm";

        [CommandOption("--kernel <KIND>")]
        [Description("laplacian (default) or gaussian.")]
        [DefaultValue("laplacian")]
        public string Kernel { get; init; } = "laplacian";

        [CommandOption("--test-fraction <F>")]
        [Description("Fraction of the labelled molecules held out to test the model, drawn at random with --seed. Default: 0.1.")]
        public double? TestFraction { get; init; }

        [CommandOption("--test-split <FILE>")]
        [Description("The test molecules instead: a file of 1-based record numbers, one per line (e.g. data/qm7/splits/test_1.txt).")]
        public string? TestSplit { get; init; }

        [CommandOption("--train-size <N>")]
        [Description("Train on at most N of the molecules outside the test set, drawn at random with --seed.")]
        public int? TrainSize { get; init; }

        [CommandOption("--folds <K>")]
        [Description("Folds of the cross-validation inside the training set. Default: 5.")]
        [DefaultValue(5)]
        public int Folds { get; init; } = 5;

        [CommandOption("--seed <N>")]
        [Description("Seeds the test draw, the training order and the folds. Default: 0.")]
        [DefaultValue(0)]
        public int Seed { get; init; }

        [CommandOption("-n|--name <NAME>")]
        [Description("The model's name in the store. Default: LABEL-REPRESENTATION.")]
        public string? Name { get; init; }

        [CommandOption("-o|--output <FILE>")]
        [Description("Also write the saved model to this file (.gsmodel).")]
        public string? Output { get; init; }

        [CommandOption("--card <FILE>")]
        [Description("Also write the model card (Markdown) to this file; the store keeps it too.")]
        public string? Card { get; init; }

        [CommandOption("--json")]
        [Description("Print the result as JSON on standard output (progress goes to standard error).")]
        public bool Json { get; init; }

        public override ValidationResult Validate()
        {
            if (FromStore == (Input is not null))
                return ValidationResult.Error("give the labelled molecules either with --input FILE --label KEY --unit UNIT or with --from-store --method METHOD");
            if (Input is not null && string.IsNullOrWhiteSpace(Label))
                return ValidationResult.Error("say which key of each record is the label with --label KEY, e.g. --label E_PBE0_def2TZVP_kcalmol");
            if (Input is not null && string.IsNullOrWhiteSpace(Unit))
                return ValidationResult.Error("say the label's unit with --unit, e.g. --unit kcal/mol");
            if (FromStore && string.IsNullOrWhiteSpace(Method))
                return ValidationResult.Error("with --from-store, say which results to learn with --method, e.g. --method gfn2");
            if (!RepresentationSpec.TryParse(Representation, out _))
                return ValidationResult.Error($"--representation '{Representation}' is none of cm, bob, slatm, fchl19, ecfp");
            if (!Enum.TryParse<KernelKind>(Kernel, ignoreCase: true, out _))
                return ValidationResult.Error($"--kernel '{Kernel}' is neither laplacian nor gaussian");
            if (TestSplit is not null && TestFraction is not null)
                return ValidationResult.Error("give the test molecules either with --test-fraction or with --test-split, not both");
            if (TestFraction is { } f && !(f > 0 && f < 1))
                return ValidationResult.Error($"--test-fraction must lie between 0 and 1, not {f}");
            if (Folds < 2)
                return ValidationResult.Error("--folds must be at least 2");
            if (TrainSize is { } n && n < Folds)
                return ValidationResult.Error($"--train-size must be at least the number of folds ({Folds})");
            foreach (var k in Keywords)
                if (!k.Contains('=') || k.StartsWith('='))
                    return ValidationResult.Error($"--keyword '{k}' is not KEY=VALUE");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        RepresentationSpec.TryParse(settings.Representation, out var representation);
        var kernel = Enum.Parse<KernelKind>(settings.Kernel, ignoreCase: true);
        var machine = settings.DetectMachine();
        var ui = settings.Json ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }) : AnsiConsole.Console;
        using var store = ResultStore.Open(settings.StorePath);
        var ledger = new RunLedger(store, machine, "greenspace " + string.Join(' ', context.Arguments), machine.LogicalCpus);
        LearnReport report;
        RunTotals totals;
        try
        {
            report = Learn(settings, representation, kernel, store, ledger, message => ui.MarkupLineInterpolated($"[grey]{message}[/]"));
        }
        finally
        {
            totals = ledger.Close();
        }
        report = report with { Ledger = totals, Machine = machine };
        if (settings.Json)
            Console.WriteLine(report.ToJson());
        else
            report.Print(AnsiConsole.Console);
        return report.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.SomeFailed;
    }

    private static LearnReport Learn(Settings settings, RepresentationKind representation, KernelKind kernel, ResultStore store, RunLedger ledger, Action<string> progress)
    {
        LabelledInput input;
        try
        {
            input = settings.FromStore
                ? LabelledInputs.FromStore(store, ProgramOf(settings), settings.Method!.Trim().ToLowerInvariant(), settings.Basis,
                    settings.Keywords.Select(k => k.Split('=', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim()))
                : LabelledInputs.FromFile(settings.Input!, settings.Label!.Trim(), settings.Unit!.Trim(), settings.Zero, settings.Fidelity);
        }
        catch (InputFileException e)
        {
            throw new UsageException(e.Message);
        }
        var valid = input.Records.Where(r => r.Labelled is not null).ToList();
        var problems = input.Records.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        if (valid.Count == 0)
            throw new UsageException($"no record can be learnt from: {problems[0]}");

        var (training, test, splitText) = Split(settings, input, valid);
        if (training.Count == 0)
            throw new UsageException($"the training set is empty: all {valid.Count} labelled records are in the test split; hold out fewer");
        var notes = new List<string>();
        if (settings.TrainSize is { } size && size < training.Count)
        {
            var order = training.ToArray();
            new Random(settings.Seed + 2).Shuffle(order);
            notes.Add($"trained on {size} of the {training.Count} molecules outside the test set (--train-size, drawn with seed {settings.Seed})");
            training = [.. order.Take(size)];
        }

        var work = InProcessWork.Start();
        TrainingOutcome outcome;
        try
        {
            outcome = ModelTraining.Train([.. training.Select(r => r.Labelled!)], [.. test.Select(r => r.Labelled!)],
                new TrainingSettings { Representation = representation, Kernel = kernel, Folds = settings.Folds, Seed = settings.Seed }, progress);
        }
        catch (LearningInputException e)
        {
            throw new UsageException(e.Message);
        }
        var cost = work.Stop("training");
        string name = settings.Name ?? $"{(settings.FromStore ? settings.Method!.Trim().ToLowerInvariant() : settings.Label!.Trim())}-{RepresentationSpec.ShortNames[representation]}";
        var component = outcome.Component;
        var (entryId, footprint) = ledger.ChargeInProcess(LedgerEntryKind.Training, $"training {name}",
            $"{component.Representation.ShortName} {kernel.ToString().ToLowerInvariant()} kernel ridge", cost);

        var energy = LabelEnergy(settings, store, input, outcome, test) with
        {
            TrainingKwh = footprint.EnergyKwh,
            TrainingCpuSeconds = cost.CpuSeconds,
            TrainingCarbonGco2e = footprint.OperationalCarbonGco2e,
            TrainingNote = $"ledger entry {entryId} of kind 'training' ({footprint.Method.ToWire()}: {cost.Meter})",
        };
        string version = typeof(SavedModel).Assembly.GetName().Version?.ToString() ?? "0";
        var model = outcome.ToSavedModel(name, input.Label, input.Label.Source, splitText, version, notes);
        model = model.WithMetadata(model.Metadata with { Energy = energy });
        var card = ModelCard.Write(model);
        var blob = model.ToBytes();
        long id = store.SaveModel(new NewModel(name, card, $"{SavedModel.FormatName}/{ModelContainer.Version}", blob, ledger.RunId, entryId,
            energy.TrainingLabelsKwh, footprint.EnergyKwh));
        if (settings.Output is { } path)
            File.WriteAllBytes(path, blob);
        if (settings.Card is { } cardPath)
            File.WriteAllText(cardPath, card);
        problems.AddRange(outcome.LeftOut);
        return new LearnReport(id, model, card, blob.Length, store.Path, settings.Output, outcome, problems);
    }

    private static string ProgramOf(Settings settings)
    {
        var method = settings.Method!.Trim().ToLowerInvariant();
        return settings.Program?.Trim().ToLowerInvariant() ?? MethodCatalog.DefaultProgram(method)
            ?? throw new UsageException($"Greenspace does not know which program runs the method '{method}'; name it with --program");
    }

    /// <summary>The test records (from the split file, else a seeded random fraction), the training records, and how the split was made.</summary>
    private static (List<LabelledRecord> Training, List<LabelledRecord> Test, string Text) Split(Settings settings, LabelledInput input, List<LabelledRecord> valid)
    {
        HashSet<int> testIndices;
        string text;
        if (settings.TestSplit is { } file)
        {
            if (!File.Exists(file))
                throw new UsageException($"the test split {file} does not exist; give a file of 1-based record numbers, one per line");
            testIndices = [];
            var lines = File.ReadAllLines(file);
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                    continue;
                if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number < 1 || number > input.Records.Count)
                    throw new UsageException($"{file} line {i + 1} holds '{line}', which is no record number between 1 and {input.Records.Count}; give 1-based record numbers, one per line");
                testIndices.Add(number - 1);
            }
            text = $"the records listed in {Path.GetFileName(file)}";
        }
        else
        {
            double fraction = settings.TestFraction ?? 0.1;
            var order = valid.Select(r => r.Index).ToArray();
            new Random(settings.Seed).Shuffle(order);
            testIndices = [.. order.Take(Math.Max(1, (int)Math.Round(fraction * order.Length)))];
            text = $"a random {fraction:P0} of the labelled records, seed {settings.Seed}";
        }
        return ([.. valid.Where(r => !testIndices.Contains(r.Index))], [.. valid.Where(r => testIndices.Contains(r.Index))], text);
    }

    /// <summary>The ledger's energy for the labels, where Greenspace computed them; the training's own figures are filled in by the caller.</summary>
    private static EnergyInfo LabelEnergy(Settings settings, ResultStore store, LabelledInput input, TrainingOutcome outcome, List<LabelledRecord> test)
    {
        if (!settings.FromStore)
            return new EnergyInfo(null, null, $"the labels came from {Path.GetFileName(settings.Input!)}, not from calculations Greenspace ran, so their cost is not in the ledger", 0, 0, 0, "");
        var resultOf = input.Records.Where(r => r.Labelled is not null).ToDictionary(r => r.Labelled!.Hash, r => r.ResultId!.Value);
        var trainingEnergy = store.EnergyOfResults([.. outcome.Training.Select(t => resultOf[t.Hash])]);
        var testEnergy = store.EnergyOfResults([.. test.Select(r => r.ResultId!.Value)]);
        string note = trainingEnergy.WithEntry == trainingEnergy.Results
            ? $"every label is a calculation Greenspace ran, charged in the ledger (kind 'calculation')"
            : $"{trainingEnergy.WithEntry} of the {trainingEnergy.Results} training labels have a ledger entry (the others were computed before the ledger kept one)";
        return new EnergyInfo(trainingEnergy.EnergyKwh, testEnergy.EnergyKwh, note, 0, 0, 0, "");
    }
}
