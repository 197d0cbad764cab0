using System.Collections.Immutable;
using System.Diagnostics;
using Greenspace.Chemistry;
using Greenspace.Learning.Calibration;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;

namespace Greenspace.Learning.Persistence;

/// <summary>One labelled molecule: the molecule, its label (in the label's unit), its content hash and where it came from, for messages.</summary>
public sealed record LabelledMolecule(Molecule Molecule, double Label, string Hash, string Location);

/// <summary>The choices a training makes before it sees any label.</summary>
public sealed record TrainingSettings
{
    public RepresentationKind Representation { get; init; } = RepresentationKind.CoulombMatrix;
    public KernelKind Kernel { get; init; } = KernelKind.Laplacian;

    /// <summary>Folds of the cross-validation that chooses width and λ, and of the out-of-fold predictions that fit the sigma scale.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seeds the order of the training molecules (the learning curve's nested subsets) and the folds.</summary>
    public int Seed { get; init; }

    /// <summary>Points of the learning curve: N, N/2, N/4, ... down to this many points (or 2 x folds molecules).</summary>
    public int CurvePoints { get; init; } = 5;
}

/// <summary>What a training produced: the model, how it was chosen, and how it did on the held-out molecules.</summary>
/// <param name="Training">The training molecules in the model's order.</param>
/// <param name="LeftOut">"location: reason" of every molecule left out of training or of the test.</param>
/// <param name="TestOutsideDomain">Held-out molecules farther from the training set than its largest nearest-neighbour distance.</param>
public sealed record TrainingOutcome(
    KernelRidgeComponent Component,
    IReadOnlyList<LabelledMolecule> Training,
    int TestCount,
    HyperparameterGrid Grid,
    SearchResult Search,
    double CrossValidatedMae,
    double SigmaScale,
    CalibrationReport? HeldOut,
    int TestOutsideDomain,
    IReadOnlyList<LearningCurvePoint> LearningCurve,
    IReadOnlyList<string> LeftOut,
    TrainingSettings Settings)
{
    public const string SigmaScaleSource = "fitted on out-of-fold predictions inside the training set (k-fold, chosen hyperparameters), never on the test molecules";

    /// <summary>The model as a record, its energy still to be added (<see cref="SavedModel.WithMetadata"/>).</summary>
    public SavedModel ToSavedModel(string name, LabelInfo label, string source, string testSplit, string creatorVersion, IReadOnlyList<string> notes)
    {
        var h = Search.Best;
        var metadata = new ModelMetadata(
            Name: name,
            CreatedAt: DateTimeOffset.UtcNow,
            CreatorVersion: creatorVersion,
            Label: label,
            Training: new TrainingSetInfo(Training.Count, [.. Training.Select(t => t.Hash)],
                [.. Component.Elements.Select(Elements.Symbol)], source, TestCount, testSplit, LeftOut),
            Selection: new SelectionInfo($"{Settings.Folds}-fold cross-validation inside the training set, lowest MAE", Settings.Folds, Settings.Seed,
                [.. Grid.Widths], [.. Grid.Lambdas], KernelWidthGrid.Rule, h.Kernel.Width, h.Lambda, CrossValidatedMae),
            SigmaScale: SigmaScale,
            SigmaScaleSource: SigmaScaleSource,
            HeldOut: HeldOut,
            LearningCurve: LearningCurve,
            Energy: null,
            Notes: notes);
        return new SavedModel(Component, metadata);
    }
}

/// <summary>
/// Trains a kernel model on labelled molecules and measures it: the representation is fitted on the training
/// molecules; width and λ are chosen by k-fold cross-validation inside the training set over
/// <see cref="KernelWidthGrid"/>; the sigma scale is fitted on out-of-fold predictions inside the training set;
/// the held-out molecules are touched only to measure the learning curve, the error and the calibration.
/// </summary>
public static class ModelTraining
{
    /// <exception cref="LearningInputException">for an empty or too small training set, or one the representation cannot take at all.</exception>
    public static TrainingOutcome Train(IReadOnlyList<LabelledMolecule> training, IReadOnlyList<LabelledMolecule> test, TrainingSettings settings, Action<string>? progress = null)
    {
        if (training.Count == 0)
            throw new LearningInputException("the training set is empty; give the model at least one labelled molecule");
        var representation = RepresentationSpec.Fit(settings.Representation, [.. training.Select(t => t.Molecule)]);
        var leftOut = new List<string>();
        var usable = new List<LabelledMolecule>();
        foreach (var t in training)
        {
            if (representation.Problem(t.Molecule) is { } problem)
                leftOut.Add($"{t.Location}: left out of training: {problem}");
            else
                usable.Add(t);
        }
        if (usable.Count < Math.Max(2, settings.Folds))
            throw new LearningInputException(usable.Count == 0
                ? $"no training molecule can be represented with {representation.Name} ({leftOut.FirstOrDefault()}); choose another representation"
                : $"the training set has {usable.Count} usable molecules, too few for {settings.Folds}-fold cross-validation; give at least {Math.Max(2, settings.Folds)}");

        // One shuffle fixes the model's order; the learning curve's subsets are its prefixes, so they are nested.
        var order = Enumerable.Range(0, usable.Count).ToArray();
        new Random(settings.Seed).Shuffle(order);
        var ordered = order.Select(i => usable[i]).ToList();
        progress?.Invoke($"featurising {ordered.Count} training and {test.Count} test molecules with {representation.Name}");
        var features = representation.Featurise([.. ordered.Select(t => t.Molecule)]);
        var labels = ordered.Select(t => t.Label).ToArray();

        // Test molecules with an element the training set lacks, or that the representation cannot take, are named and left out.
        var elements = ordered.SelectMany(t => t.Molecule.AtomicNumbers).ToImmutableSortedSet();
        var testTaken = new List<LabelledMolecule>();
        foreach (var t in test)
        {
            if (KernelRidgeComponent.Refusal(t.Molecule, elements, representation) is { } problem)
                leftOut.Add($"{t.Location}: left out of the test: {problem}");
            else
                testTaken.Add(t);
        }
        var testFeatures = testTaken.Count > 0 ? representation.Featurise([.. testTaken.Select(t => t.Molecule)]) : null;
        var truth = testTaken.Select(t => t.Label).ToArray();

        var curve = new List<LearningCurvePoint>();
        KernelRidgeModel? model = null;
        SearchResult? search = null;
        HyperparameterGrid? grid = null;
        foreach (int n in CurveSizes(ordered.Count, settings))
        {
            var clock = Stopwatch.StartNew();
            var subset = n == ordered.Count ? features : features.Subset([.. Enumerable.Range(0, n)]);
            var subsetLabels = labels[..n];
            grid = KernelWidthGrid.For(subset, settings.Kernel);
            search = HyperparameterSearch.CrossValidate(subset, subsetLabels, grid, settings.Folds, settings.Seed);
            model = KernelRidge.Fit(subset, subsetLabels, search.Best);
            if (testFeatures is not null)
            {
                curve.Add(Point(n, model.PredictMean(testFeatures), truth, search, clock));
                progress?.Invoke($"learning curve N = {n}: MAE {curve[^1].MeanAbsoluteError:G4} on {truth.Length} held-out molecules ({search.Best})");
            }
        }

        double cvMae = search!.Scores.First(s => s.Hyperparameters == search.Best).Score;
        progress?.Invoke($"fitting the sigma scale on {settings.Folds}-fold out-of-fold predictions");
        double scale = UncertaintyCalibration.FitScale(labels, OutOfFold(features, labels, search.Best, settings));
        var component = KernelRidgeComponent.Create(representation, model!, ordered.Select(t => t.Molecule));

        CalibrationReport? heldOut = null;
        int outside = 0;
        if (testFeatures is not null)
        {
            var predicted = component.Predict([.. testTaken.Select(t => t.Molecule)]);
            heldOut = UncertaintyCalibration.Measure(truth, new Prediction(predicted.Mean, predicted.Sigma), scale, Math.Min(10, truth.Length));
            outside = predicted.NearestTrainingDistance.Count(d => d > component.Domain.Largest);
        }
        return new TrainingOutcome(component, ordered, testTaken.Count, grid!, search, cvMae, scale, heldOut, outside, curve, leftOut, settings);
    }

    /// <summary>N, N/2, N/4, ... (ascending), at most <see cref="TrainingSettings.CurvePoints"/> and none below 2 x folds (or 10) molecules.</summary>
    public static IReadOnlyList<int> CurveSizes(int count, TrainingSettings settings)
    {
        int smallest = Math.Max(10, 2 * settings.Folds);
        var sizes = new SortedSet<int> { count };
        for (int k = 1; k < settings.CurvePoints; k++)
        {
            int n = (int)Math.Round(count / Math.Pow(2, k));
            if (n >= smallest)
                sizes.Add(n);
        }
        return [.. sizes];
    }

    private static LearningCurvePoint Point(int n, double[] predicted, double[] truth, SearchResult search, Stopwatch clock)
    {
        var errors = predicted.Select((p, i) => p - truth[i]).ToArray();
        return new(n, errors.Average(Math.Abs), Math.Sqrt(errors.Average(e => e * e)), search.Best.Kernel.Width, search.Best.Lambda,
            search.Scores.First(s => s.Hyperparameters == search.Best).Score, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Each training molecule predicted by a model fitted on the other folds: the validation set of the sigma scale.</summary>
    private static Prediction OutOfFold(FeatureSet features, double[] labels, Hyperparameters hyperparameters, TrainingSettings settings)
    {
        int n = labels.Length;
        var order = Enumerable.Range(0, n).ToArray();
        new Random(settings.Seed + 1).Shuffle(order);
        var mean = new double[n];
        var sigma = new double[n];
        for (int f = 0; f < settings.Folds; f++)
        {
            int start = (int)((long)n * f / settings.Folds), end = (int)((long)n * (f + 1) / settings.Folds);
            var held = order[start..end];
            var train = order[..start].Concat(order[end..]).ToArray();
            var model = KernelRidge.Fit(features.Subset(train), [.. train.Select(i => labels[i])], hyperparameters);
            var predicted = model.Predict(features.Subset(held));
            for (int i = 0; i < held.Length; i++)
            {
                mean[held[i]] = predicted.Mean[i];
                sigma[held[i]] = predicted.Sigma[i];
            }
        }
        return new Prediction(mean, sigma);
    }
}
