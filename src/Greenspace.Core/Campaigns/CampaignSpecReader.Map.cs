using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Learning.Models;
using Greenspace.Records;

namespace Greenspace.Campaigns;

// From the YAML documents to the records, one section at a time. Every check adds a sentence to the problems and goes
// on with a placeholder, so that one run of the reader reports everything wrong with a spec.
public static partial class CampaignSpecReader
{
    /// <summary>The data sets a library may name instead of a path.</summary>
    public static ImmutableArray<string> BundledLibraries { get; } = ["qm7", "qm9-subset"];

    /// <summary>Replay sources: a data set column that labels a rung, and the bundled library that holds it.</summary>
    public static ImmutableSortedDictionary<string, string> ReplaySources { get; } =
        ImmutableSortedDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, [
            new KeyValuePair<string, string>("qm7:pbe0", "qm7"),
            new KeyValuePair<string, string>("qm7:dftb", "qm7"),
        ]);

    private static readonly Dictionary<string, ObjectiveGoal> Goals = new(StringComparer.OrdinalIgnoreCase)
    {
        ["minimise"] = ObjectiveGoal.Minimise,
        ["minimize"] = ObjectiveGoal.Minimise,
        ["maximise"] = ObjectiveGoal.Maximise,
        ["maximize"] = ObjectiveGoal.Maximise,
        ["window"] = ObjectiveGoal.Window,
        ["learn"] = ObjectiveGoal.Learn,
    };

    private static readonly Dictionary<string, ObjectiveReference> References = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = ObjectiveReference.None,
        ["group_mean"] = ObjectiveReference.GroupMean,
    };

    private static readonly Dictionary<string, ObjectiveGrouping> Groupings = new(StringComparer.OrdinalIgnoreCase)
    {
        ["none"] = ObjectiveGrouping.None,
        ["formula"] = ObjectiveGrouping.Formula,
    };

    private static readonly Dictionary<string, RungProperty> Properties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["energy"] = RungProperty.Energy,
        ["gap"] = RungProperty.Gap,
        ["heat_of_formation"] = RungProperty.HeatOfFormation,
        ["atomization_energy"] = RungProperty.AtomizationEnergy,
    };

    private static readonly Dictionary<string, AcquisitionFunction> Functions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ei"] = AcquisitionFunction.ExpectedImprovement,
        ["expected_improvement"] = AcquisitionFunction.ExpectedImprovement,
        ["ucb"] = AcquisitionFunction.UpperConfidenceBound,
        ["upper_confidence_bound"] = AcquisitionFunction.UpperConfidenceBound,
        ["thompson"] = AcquisitionFunction.Thompson,
        ["pmin"] = AcquisitionFunction.ProbabilityOfBest,
        ["probability_of_best"] = AcquisitionFunction.ProbabilityOfBest,
        ["greedy"] = AcquisitionFunction.Greedy,
        ["random"] = AcquisitionFunction.Random,
    };

    private static readonly Dictionary<string, SurrogateValidation> Validations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["5-fold"] = SurrogateValidation.FiveFold,
        ["leave-one-out"] = SurrogateValidation.LeaveOneOut,
    };

    private static readonly Dictionary<string, SignalVarianceEstimate> Variances = new(StringComparer.OrdinalIgnoreCase)
    {
        ["likelihood"] = SignalVarianceEstimate.MaximumLikelihood,
        ["maximum_likelihood"] = SignalVarianceEstimate.MaximumLikelihood,
        ["leave-one-out"] = SignalVarianceEstimate.LeaveOneOut,
    };

    private static readonly Dictionary<string, SurrogateRepresentation> Representations = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cm"] = SurrogateRepresentation.CoulombMatrix,
        ["coulomb_matrix"] = SurrogateRepresentation.CoulombMatrix,
        ["bob"] = SurrogateRepresentation.BagOfBonds,
        ["bag_of_bonds"] = SurrogateRepresentation.BagOfBonds,
        ["slatm"] = SurrogateRepresentation.Slatm,
    };

    private const string InputGeometry = "input";

    private static CampaignSpec Map(SpecDocument d, string baseDirectory, List<string> problems)
    {
        string name = MapName(d.Name, problems);
        var library = MapLibrary(d.Library, baseDirectory, problems);
        var rungs = MapRungs(d.Rungs, library, problems);
        var objective = MapObjective(d.Objective, rungs, baseDirectory, problems);
        var budget = MapBudget(d.Budget, problems);
        if (d.BatchSize is < 1)
            problems.Add($"batch_size is {d.BatchSize}; give at least 1 calculation per batch");
        // The records hold the defaults: a value is set only where the spec gives one.
        var spec = new CampaignSpec
        {
            Name = name,
            Library = library,
            Objective = objective,
            Rungs = rungs,
            Budget = budget,
            Acquisition = MapAcquisition(d.Acquisition, problems),
            Start = MapStart(d.Start, problems),
            Surrogate = MapSurrogate(d.Surrogate, problems),
            Output = d.Output is null ? null : Resolve(baseDirectory, d.Output),
            BaseDirectory = baseDirectory,
        };
        if (spec.Acquisition.IsFunnel && rungs.Length > 0 && spec.Acquisition.Funnel.Length != objective.RungIndex(rungs))
            problems.Add($"acquisition funnel gives {spec.Acquisition.Funnel.Length} fractions, but the target rung has {objective.RungIndex(rungs)} rungs below it; give one fraction per rung above the cheapest, up to the target");
        if (d.Seed is { } seed)
            spec = spec with { Seed = seed };
        if (d.BatchSize is { } batchSize)
            spec = spec with { BatchSize = batchSize };
        return spec;
    }

    private static string MapName(string? name, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            problems.Add("name is missing; give the campaign a name, e.g. name: qm9-gap");
            return "";
        }
        name = name.Trim();
        // The report's default folder is named after the campaign.
        if (name.IndexOfAny([.. Path.GetInvalidFileNameChars(), '/', '\\']) >= 0)
            problems.Add($"name '{name}' cannot name a folder; use letters, digits, '-' and '_'");
        return name;
    }

    private static LibrarySpec MapLibrary(LibraryDocument? d, string baseDirectory, List<string> problems)
    {
        if (d is null)
        {
            problems.Add($"library is missing; give library: with path: (a SMILES, SDF or XYZ file) or bundled: ({string.Join(" or ", BundledLibraries)})");
            return new LibrarySpec(null, null);
        }
        string? path = string.IsNullOrWhiteSpace(d.Path) ? null : Resolve(baseDirectory, d.Path);
        string? bundled = string.IsNullOrWhiteSpace(d.Bundled) ? null : d.Bundled.Trim().ToLowerInvariant();
        if (path is null && bundled is null)
            problems.Add($"library has neither path nor bundled; give path: (a SMILES, SDF or XYZ file) or bundled: ({string.Join(" or ", BundledLibraries)})");
        else if (path is not null && bundled is not null)
            problems.Add("library gives both path and bundled; keep only one of them");
        if (path is not null && LibraryFileProblem(path) is { } fileProblem)
            problems.Add(fileProblem);
        if (bundled is not null && !BundledLibraries.Contains(bundled))
            problems.Add($"library bundled '{d.Bundled}' is no data set Greenspace ships; use {string.Join(" or ", BundledLibraries)}, or give a path");

        var elements = ImmutableArray.CreateBuilder<string>();
        foreach (string symbol in d.Elements ?? [])
        {
            if (Elements.TryParse(symbol, out int z))
                elements.Add(Elements.Symbol(z));
            else
                problems.Add($"library elements: '{symbol}' is no element; write element symbols such as C, N, O");
        }
        if (d.Charges is { Count: 0 })
            problems.Add("library charges is empty, so no molecule is valid; list the total charges allowed, e.g. charges: [0]");
        if (d.MaxAtoms is < 1)
            problems.Add($"library max_atoms is {d.MaxAtoms}, so no molecule is valid; give a positive number or remove it");
        if (d.MinIsomers is < 1)
            problems.Add($"library min_isomers is {d.MinIsomers}; give a positive number (e.g. 10: formulas with at least 10 isomers) or remove it");
        if (d.Limit is < 1)
            problems.Add($"library limit is {d.Limit}, so the campaign has no molecules; give a positive number or remove it to take them all");

        var library = new LibrarySpec(path, bundled) { Elements = elements.ToImmutable(), MaxAtoms = d.MaxAtoms, MinIsomers = d.MinIsomers, Limit = d.Limit };
        return d.Charges is null ? library : library with { Charges = [.. d.Charges.Distinct()] };
    }

    private static string? LibraryFileProblem(string path)
    {
        if (Directory.Exists(path))
            return $"library path {path} is a folder; give a molecule file in it (.smi, .csv, .sdf, .xyz or .extxyz)";
        if (!File.Exists(path))
            return $"library path {path} does not exist; check the path (relative paths are read from the spec's folder)";
        try
        {
            MoleculeFile.DetectFormat(path);
        }
        catch (Exception e) when (e is NotSupportedException or IOException or UnauthorizedAccessException)
        {
            return $"library path: {e.Message}";
        }
        return HoldsNoMolecule(path)
            ? $"library path {path} holds no molecules (it is empty, or has only blank lines, comments or a header); give a file with at least one molecule"
            : null;
    }

    /// <summary>
    /// Refuses a library file that cannot hold a molecule: empty, or only blank lines (and, for SMILES files, '#'
    /// comments; for .csv, a header). Reads only up to the first molecule line, so it is cheap on any file; a file that
    /// passes may still hold no molecule Greenspace can read, which only reading it all shows.
    /// </summary>
    /// <exception cref="CampaignSpecException">when the file holds no molecule (or is missing).</exception>
    public static void CheckLibraryNotEmpty(string libraryPath, string source = "spec")
    {
        if (!File.Exists(libraryPath))
            throw new CampaignSpecException(source, $"library path {libraryPath} does not exist; check the path");
        if (HoldsNoMolecule(libraryPath))
            throw new CampaignSpecException(source, $"library path {libraryPath} holds no molecules (it is empty, or has only blank lines, comments or a header); give a file with at least one molecule");
    }

    private static bool HoldsNoMolecule(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        bool smiles = extension is ".smi" or ".smiles" or ".csv";
        int headerLines = extension == ".csv" ? 1 : 0;
        int contentLines = 0;
        foreach (string line in File.ReadLines(path))
        {
            var text = line.AsSpan().Trim();
            if (text.IsEmpty || (smiles && text[0] == '#'))
                continue;
            if (++contentLines > headerLines)
                return false;
        }
        return true;
    }

    private static ImmutableArray<RungSpec> MapRungs(List<RungDocument?>? documents, LibrarySpec library, List<string> problems)
    {
        if (documents is null || documents.Count == 0)
        {
            problems.Add("rungs is empty; list at least one rung, cheapest first (name, program, method, driver, property)");
            return [];
        }
        var engines = EngineRegistry.Default.All.Select(e => e.Name).ToImmutableArray();
        var rungs = new List<(RungSpec Rung, RungDocument Document, string Label)>();
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < documents.Count; i++)
        {
            var d = documents[i] ?? new RungDocument();
            string name = d.Name?.Trim() ?? "";
            string label = name.Length == 0 ? $"rungs[{i}]" : $"rungs[{i}] '{name}'";
            if (name.Length == 0)
                problems.Add($"{label} has no name; give it one, e.g. name: gfn2");
            else if (firstIndex.TryGetValue(name, out int first))
                problems.Add($"{label} repeats the name of rungs[{first}]; give each rung its own name");
            else
                firstIndex[name] = i;

            string method = d.Method?.Trim() ?? "";
            if (method.Length == 0)
                problems.Add($"{label} has no method; give one, e.g. method: GFN2-xTB or method: b3lyp");
            string program = d.Program?.Trim().ToLowerInvariant() ?? "";
            string? replay = string.IsNullOrWhiteSpace(d.Replay) ? null : d.Replay.Trim().ToLowerInvariant();
            if (program.Length == 0)
            {
                string hint = MethodCatalog.DefaultProgram(method) is { } known ? $"program: {known}" : $"one of {string.Join(", ", engines)}";
                problems.Add($"{label} has no program; give the engine that runs it, {hint}");
            }
            else if (replay is null && !engines.Contains(program))
                problems.Add($"{label} program '{d.Program}' is no engine Greenspace knows; use one of {string.Join(", ", engines)}");
            string? basis = string.IsNullOrWhiteSpace(d.Basis) ? null : d.Basis.Trim();
            if (replay is null && basis is null && method.Length > 0 && MethodCatalog.NeedsBasis(method))
                problems.Add($"{label} method {method} needs a basis set; add one, e.g. basis: 6-31G*");

            var driver = Driver.Energy;
            if (d.Driver is not null && !DriverNames.TryParse(d.Driver, out driver))
                problems.Add($"{label} driver '{d.Driver}' is not a driver; use energy, gradient or optimization");

            var property = RungProperty.Energy;
            if (string.IsNullOrWhiteSpace(d.Property))
                problems.Add($"{label} has no property; add property: {Choices(Properties)}");
            else if (!Properties.TryGetValue(d.Property.Trim(), out property))
                problems.Add($"{label} property '{d.Property}' is not one Greenspace reads; use {Choices(Properties)}");
            else if (property == RungProperty.AtomizationEnergy && replay is null)
                problems.Add($"{label} property atomization_energy comes only from a replayed data set; add replay: ({Choices(ReplaySources.Keys)}) or use property energy");

            if (replay is not null)
            {
                if (!ReplaySources.TryGetValue(replay, out string? dataSet))
                    problems.Add($"{label} replay '{d.Replay}' is no data set column Greenspace holds; use {Choices(ReplaySources.Keys)}");
                else if (library.Bundled != dataSet)
                    problems.Add($"{label} replays {replay}, which labels only the bundled {dataSet} library; set library bundled: {dataSet} or remove replay");
                if (property != RungProperty.AtomizationEnergy)
                    problems.Add($"{label} replays {replay}, which holds atomization energies; set property: atomization_energy");
            }
            if (d.ExpectedCpuSeconds is { } seconds && !(seconds > 0 && double.IsFinite(seconds)))
                problems.Add($"{label} expected_cpu_seconds is {seconds}; give a positive number of seconds or remove it");

            var rung = new RungSpec(name, program, method, basis, driver, property, Geometry: InputGeometry)
            {
                Keywords = d.Keywords is null or { Count: 0 } ? ImmutableSortedDictionary<string, string>.Empty : d.Keywords.ToImmutableSortedDictionary(),
                Replay = replay,
                ExpectedCpuSeconds = d.ExpectedCpuSeconds,
            };
            rungs.Add((rung, d, label));
        }
        // Geometry last: a rung may name any rung below it, and the default depends on their drivers.
        var ladder = rungs.Select(r => r.Rung).ToList();
        return [.. rungs.Select((r, i) => r.Rung with { Geometry = MapGeometry(i, ladder, r.Document.Geometry, r.Label, problems) })];
    }

    /// <summary>
    /// A rung's geometry: the one given, checked; by default "input" for the cheapest rung, for optimisations and for
    /// replayed rungs (whose labels belong to the data set's geometry), else the cheapest optimisation below it.
    /// </summary>
    private static string MapGeometry(int index, List<RungSpec> rungs, string? given, string label, List<string> problems)
    {
        var rung = rungs[index];
        if (string.IsNullOrWhiteSpace(given))
        {
            if (index == 0 || rung.Driver == Driver.Optimization || rung.Replay is not null)
                return InputGeometry;
            return rungs.Take(index).FirstOrDefault(r => r.Driver == Driver.Optimization)?.Name ?? InputGeometry;
        }
        given = given.Trim();
        if (given.Equals(InputGeometry, StringComparison.OrdinalIgnoreCase))
            return InputGeometry;
        int source = rungs.FindIndex(r => r.Name == given);
        if (rung.Replay is not null)
            problems.Add($"{label} geometry '{given}': a replayed rung's labels belong to the data set's own geometry; set geometry: input");
        else if (source < 0)
            problems.Add($"{label} geometry '{given}' is no rung of this spec; use input or the name of an optimisation rung listed before it");
        else if (source >= index)
            problems.Add($"{label} geometry '{given}' is not a cheaper rung (it is listed at or after this one); use input or an optimisation rung listed before it");
        else if (rungs[source].Driver != Driver.Optimization)
            problems.Add($"{label} geometry '{given}' is not an optimisation (its driver is {rungs[source].Driver.ToWire()}); use input, or set driver: optimization on {given}");
        return given;
    }

    private static ObjectiveSpec MapObjective(ObjectiveDocument? d, ImmutableArray<RungSpec> rungs, string baseDirectory, List<string> problems)
    {
        string rungNames = rungs.IsEmpty ? "the rungs' names" : $"one of {string.Join(", ", rungs.Select(r => r.Name))}";
        if (d is null)
        {
            problems.Add($"objective is missing; give objective: with goal: ({Choices(Goals)}) and rung: ({rungNames})");
            return new ObjectiveSpec("", ObjectiveGoal.Minimise);
        }
        string rung = d.Rung?.Trim() ?? "";
        if (rung.Length == 0)
            problems.Add($"objective rung is missing; name the rung the objective is measured at, {rungNames}");
        else if (!rungs.IsEmpty && !rungs.Any(r => r.Name == rung))
            problems.Add($"objective rung '{rung}' is no rung of this spec; use {rungNames}");

        var goal = ObjectiveGoal.Minimise;
        if (string.IsNullOrWhiteSpace(d.Goal))
            problems.Add($"objective goal is missing; give goal: {Choices(Goals)}");
        else if (!Goals.TryGetValue(d.Goal.Trim(), out goal))
            problems.Add($"objective goal '{d.Goal}' is not a goal; use {Choices(Goals)}");

        var grouping = ObjectiveGrouping.None;
        if (d.GroupBy is not null && !Groupings.TryGetValue(d.GroupBy.Trim(), out grouping))
            problems.Add($"objective group_by '{d.GroupBy}' is not a grouping; use {Choices(Groupings)}");

        var reference = ObjectiveReference.None;
        if (d.RelativeTo is not null && !References.TryGetValue(d.RelativeTo.Trim(), out reference))
            problems.Add($"objective relative_to '{d.RelativeTo}' is not a reference; use {Choices(References)}");
        else if (reference == ObjectiveReference.GroupMean && grouping == ObjectiveGrouping.None)
            problems.Add("objective relative_to group_mean needs groups; add group_by: formula");
        if (reference != ObjectiveReference.None && goal is not (ObjectiveGoal.Minimise or ObjectiveGoal.Maximise))
            problems.Add($"objective relative_to applies to minimise or maximise, not {d.Goal}; remove it");
        if (d.TopFraction is { } fraction && !(fraction > 0 && fraction < 1))
            problems.Add($"objective top_fraction is {Show(d.TopFraction)}; give the fraction of the library sought, above 0 and below 1 (e.g. 0.01 for the best 1 %)");
        else if (d.TopFraction is not null && goal is not (ObjectiveGoal.Minimise or ObjectiveGoal.Maximise))
            problems.Add($"objective top_fraction applies to minimise or maximise, not {d.Goal}; remove it");

        if (goal == ObjectiveGoal.Window && !(d.Low < d.High))
            problems.Add($"objective window needs low below high (low is {Show(d.Low)}, high is {Show(d.High)}); give both, e.g. low: 5 and high: 7");
        if (goal == ObjectiveGoal.Learn && !(d.TargetMae > 0))
            problems.Add($"objective learn needs target_mae above 0 (it is {Show(d.TargetMae)}); give the mean absolute error to reach, in the property's unit");

        if (d.ExpectedRecall is { } recall && !(recall > 0 && recall <= 1))
            problems.Add($"objective expected_recall is {Show(d.ExpectedRecall)}; give the share of the sought molecules to have labelled before stopping, above 0 and at most 1 (e.g. 0.9)");
        else if (d.ExpectedRecall is not null && goal is not (ObjectiveGoal.Minimise or ObjectiveGoal.Maximise))
            problems.Add($"objective expected_recall applies to minimise or maximise, not {d.Goal}; {(goal == ObjectiveGoal.Learn ? "a learn campaign stops at its target_mae" : "remove it")}");

        string? testIndices = d.TestIndices is null ? null : Resolve(baseDirectory, d.TestIndices);
        if (testIndices is not null && !File.Exists(testIndices))
            problems.Add($"objective test_indices {testIndices} does not exist; check the path (relative paths are read from the spec's folder)");
        if (d.Top is < 1)
            problems.Add($"objective top is {d.Top}; give how many candidates the report lists, at least 1");

        var objective = new ObjectiveSpec(rung, goal) { GroupBy = grouping, RelativeTo = reference, TopFraction = d.TopFraction, Low = d.Low, High = d.High, TargetMae = d.TargetMae, TestIndices = testIndices, RunToBudget = d.RunToBudget ?? false, ExpectedRecall = d.ExpectedRecall };
        return d.Top is { } top ? objective with { Top = top } : objective;
    }

    private static BudgetSpec MapBudget(BudgetDocument? d, List<string> problems)
    {
        if (d is null || (d.Kwh is null && d.Gco2e is null && d.Wall is null && d.Calculations is null))
        {
            problems.Add("budget is missing; give at least one limit: kwh, gco2e, wall (e.g. 2h) or calculations");
            return new BudgetSpec();
        }
        CheckPositive(d.Kwh, "budget kwh", "e.g. kwh: 0.5", problems);
        CheckPositive(d.Gco2e, "budget gco2e", "e.g. gco2e: 100", problems);
        CheckPositive(d.Calculations, "budget calculations", "e.g. calculations: 100", problems);
        TimeSpan? wall = null;
        if (d.Wall is not null)
        {
            wall = ParseDuration(d.Wall);
            if (wall is null)
                problems.Add($"budget wall '{d.Wall}' is no duration; write e.g. 90s, 30m, 2h, 1h30m or a number of seconds");
            else if (wall <= TimeSpan.Zero)
                problems.Add($"budget wall is {d.Wall}, so nothing can run; give a positive time, e.g. wall: 2h, or remove it");
        }
        return new BudgetSpec { Kwh = d.Kwh, GramsCo2e = d.Gco2e, Wall = wall, Calculations = d.Calculations };
    }

    private static void CheckPositive(double? value, string field, string example, List<string> problems)
    {
        if (value is { } v && !(v > 0 && double.IsFinite(v)))
            problems.Add($"{field} is {v.ToString(CultureInfo.InvariantCulture)}, so nothing can run; give a positive limit, {example}");
    }

    [GeneratedRegex(@"^\s*(?:(?<number>\d+(?:\.\d+)?)\s*(?<unit>[smhd])\s*)+$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationParts();

    /// <summary>"90s", "30m", "2h", "1d", "1h30m", or a bare number of seconds; null when it is none of them.</summary>
    private static TimeSpan? ParseDuration(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
            return double.IsFinite(seconds) ? TimeSpan.FromSeconds(seconds) : null;
        var match = DurationParts().Match(text);
        if (!match.Success)
            return null;
        var total = TimeSpan.Zero;
        for (int i = 0; i < match.Groups["number"].Captures.Count; i++)
        {
            double n = double.Parse(match.Groups["number"].Captures[i].Value, CultureInfo.InvariantCulture);
            total += char.ToLowerInvariant(match.Groups["unit"].Captures[i].Value[0]) switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                _ => TimeSpan.FromDays(n),
            };
        }
        return total;
    }

    private static AcquisitionSpec MapAcquisition(AcquisitionDocument? d, List<string> problems)
    {
        var spec = new AcquisitionSpec();
        if (d is null)
            return spec;
        var function = spec.Function;
        if (d.Function is not null && !Functions.TryGetValue(d.Function.Trim(), out function))
            problems.Add($"acquisition function '{d.Function}' is not one Greenspace has; use {Choices(Functions)}");
        if (d.Kappa is < 0)
            problems.Add($"acquisition kappa is {d.Kappa.Value.ToString(CultureInfo.InvariantCulture)}; UCB's weight on the uncertainty must be 0 or more, e.g. kappa: 2");
        if (d.Funnel is { } keep && keep.Any(f => !(f > 0 && f <= 1)))
            problems.Add("acquisition funnel holds a fraction outside (0, 1]; give one fraction of the library per rung above the cheapest, e.g. funnel: [0.1, 0.02]");
        if (d.Samples is < 1)
            problems.Add($"acquisition samples is {d.Samples.Value}; the posterior samples that estimate a probability of being sought must be 1 or more, e.g. samples: 256");
        if (d.PerKwh == true && function is not (AcquisitionFunction.ExpectedImprovement or AcquisitionFunction.ProbabilityOfBest))
            problems.Add($"acquisition per_kwh is set with function '{d.Function}', whose values are not gains to be had per kWh; use per_kwh with ei or pmin, or remove it");
        if (d.FunnelUncertain is { } u && !(u >= 0 && u <= 1))
            problems.Add($"acquisition funnel_uncertain is {u.ToString(CultureInfo.InvariantCulture)}; give a fraction of the library between 0 and 1");
        return spec with
        {
            Funnel = d.Funnel is { } stages ? [.. stages] : spec.Funnel,
            PerKwh = d.PerKwh ?? spec.PerKwh,
            FunnelUncertain = d.FunnelUncertain ?? spec.FunnelUncertain,
            Function = function,
            Kappa = d.Kappa ?? spec.Kappa,
            Xi = d.Xi ?? spec.Xi,
            Samples = d.Samples ?? spec.Samples,
            CostAware = d.CostAware ?? spec.CostAware,
            TargetRungOnly = d.TargetRungOnly ?? spec.TargetRungOnly,
        };
    }

    private static StartSpec MapStart(StartDocument? d, List<string> problems)
    {
        var spec = new StartSpec();
        if (d is null)
            return spec;
        if (d.Diverse is < 0)
            problems.Add($"start diverse is {d.Diverse}; give how many diverse molecules to label first, 0 or more");
        return spec with
        {
            Diverse = d.Diverse ?? spec.Diverse,
            Warm = d.Warm ?? spec.Warm,
            CheapestEverywhere = d.CheapestEverywhere ?? spec.CheapestEverywhere,
        };
    }

    private static SurrogateSpec MapSurrogate(SurrogateDocument? d, List<string> problems)
    {
        var spec = new SurrogateSpec();
        if (d is null)
            return spec;
        var representation = spec.Representation;
        if (d.Representation is not null && !Representations.TryGetValue(d.Representation.Trim(), out representation))
            problems.Add($"surrogate representation '{d.Representation}' is not one Greenspace computes; use {Choices(Representations)}");
        CheckGrid(d.WidthsOverMedian, "surrogate widths_over_median", "e.g. [1, 10, 100]", problems);
        CheckGrid(d.Lambdas, "surrogate lambdas", "e.g. [1e-8, 1e-5]", problems);
        var validation = Lookup(d.Validation, Validations, problems, word => $"surrogate validation '{word}' is not one Greenspace has; use {Choices(Validations)}");
        var variance = Lookup(d.Variance, Variances, problems, word => $"surrogate variance '{word}' is not an estimate Greenspace has; use {Choices(Variances)}");
        double? rho = null;
        if (d.Rho is { } text && !text.Trim().Equals("fitted", StringComparison.OrdinalIgnoreCase))
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double given) && given > 0 && double.IsFinite(given))
                rho = given;
            else
                problems.Add($"surrogate rho '{text}' is neither 'fitted' nor a positive number; use rho: 1 for Delta-learning on the rung below, or rho: fitted to estimate it");
        }
        return spec with
        {
            Rho = rho,
            Validation = validation,
            Variance = variance,
            Representation = representation,
            WidthsOverMedian = d.WidthsOverMedian is null ? spec.WidthsOverMedian : [.. d.WidthsOverMedian],
            Lambdas = d.Lambdas is null ? spec.Lambdas : [.. d.Lambdas],
        };
    }

    /// <summary>A setting's value, null where the spec is silent (the default then applies); a word not in the table is a problem.</summary>
    private static T? Lookup<T>(string? word, Dictionary<string, T> words, List<string> problems, Func<string, string> problem) where T : struct, Enum
    {
        if (word is null)
            return null;
        if (words.TryGetValue(word.Trim(), out var value))
            return value;
        problems.Add(problem(word));
        return null;
    }

    private static void CheckGrid(List<double>? values, string field, string example, List<string> problems)
    {
        if (values is null)
            return;
        if (values.Count == 0)
            problems.Add($"{field} is empty; give at least one positive value ({example}) or remove it for the defaults");
        else if (values.Any(v => !(v > 0 && double.IsFinite(v))))
            problems.Add($"{field} holds {string.Join(", ", values.Where(v => !(v > 0 && double.IsFinite(v))).Select(v => v.ToString(CultureInfo.InvariantCulture)))}; every value must be positive ({example})");
    }

    private static string Resolve(string baseDirectory, string path) =>
        Path.GetFullPath(Path.Combine(baseDirectory, path.Trim()));

    private static string Choices(IEnumerable<string> words) => string.Join(", ", words);

    // The first word for each value (the tables list a value's preferred word first): "ei, ucb, ...", not every synonym.
    private static string Choices<T>(Dictionary<string, T> words) where T : struct, Enum =>
        Choices(words.GroupBy(w => w.Value).Select(g => g.First().Key));

    private static string Show(double? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "missing";
}
