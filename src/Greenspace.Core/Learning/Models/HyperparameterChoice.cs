namespace Greenspace.Learning.Models;

/// <summary>
/// How a model that fits kernel ridge regressions inside it (a Delta correction, each level of a multi-fidelity
/// model) gets their kernel width and λ: given, or chosen by cross-validation on the labels that regression learns,
/// which come from its training set alone.
/// </summary>
public abstract record HyperparameterChoice
{
    /// <summary>The hyperparameters for <paramref name="labels"/> at <paramref name="features"/>.</summary>
    public Hyperparameters Choose(FeatureSet features, IReadOnlyList<double> labels) => Search(features, labels).Best;

    /// <summary>
    /// The hyperparameters with their cross-validated MAE (labels' units), which lets a model compare other choices it
    /// makes on the same footing; the score is null when nothing was validated (<see cref="Fixed"/>).
    /// </summary>
    public abstract (Hyperparameters Best, double? Score) Search(FeatureSet features, IReadOnlyList<double> labels);

    /// <summary>For a model card.</summary>
    public abstract string Describe();

    /// <summary>How many of <paramref name="count"/> training molecules a <see cref="Search"/> scores on.</summary>
    public virtual int ValidatedMolecules(int count) => count;

    /// <summary>The training set, or a random subset of <paramref name="maxMolecules"/> of it (drawn with <paramref name="seed"/>) when larger.</summary>
    private static (FeatureSet, IReadOnlyList<double>) AtMost(FeatureSet features, IReadOnlyList<double> labels, int maxMolecules, int seed)
    {
        if (features.Count <= maxMolecules)
            return (features, labels);
        var subset = Enumerable.Range(0, features.Count).ToArray();
        new Random(seed).Shuffle(subset);
        subset = subset[..maxMolecules];
        return (features.Subset(subset), [.. subset.Select(i => labels[i])]);
    }

    private static string Validation(string how, HyperparameterGrid grid, int maxMolecules) =>
        $"{how} cross-validation on the training set{(maxMolecules < int.MaxValue ? $" (on {maxMolecules:N0} of its molecules when larger)" : "")}, "
        + $"{grid.Kind} widths {string.Join("/", grid.Widths.Select(w => w.ToString("G3")))} and lambdas {string.Join("/", grid.Lambdas.Select(l => l.ToString("G1")))}";

    /// <summary>The same hyperparameters whatever the data.</summary>
    public sealed record Fixed(Hyperparameters Hyperparameters) : HyperparameterChoice
    {
        public override (Hyperparameters Best, double? Score) Search(FeatureSet features, IReadOnlyList<double> labels) => (Hyperparameters, null);
        public override string Describe() => $"fixed: {Hyperparameters}";
    }

    /// <summary>
    /// k-fold cross-validation over <paramref name="Grid"/> (<see cref="HyperparameterSearch.CrossValidate"/>). A training
    /// set larger than <paramref name="MaxMolecules"/> is searched on a random subset of that many of its molecules
    /// (drawn with <paramref name="Seed"/>), which bounds the cost of the search at large N.
    /// </summary>
    public sealed record CrossValidated(HyperparameterGrid Grid, int Folds = 5, int MaxMolecules = int.MaxValue, int Seed = 0) : HyperparameterChoice
    {
        public override (Hyperparameters Best, double? Score) Search(FeatureSet features, IReadOnlyList<double> labels)
        {
            (features, labels) = AtMost(features, labels, MaxMolecules, Seed);
            var result = HyperparameterSearch.CrossValidate(features, labels, Grid, Math.Min(Folds, features.Count), Seed);
            return (result.Best, result.Scores.First(s => s.Hyperparameters == result.Best).Score);
        }

        public override int ValidatedMolecules(int count) => Math.Min(count, MaxMolecules);

        public override string Describe() => Validation($"{Folds}-fold", Grid, MaxMolecules);
    }

    /// <summary>
    /// Leave-one-out cross-validation in closed form over <paramref name="Grid"/> (<see cref="HyperparameterSearch.LeaveOneOut"/>):
    /// no random folds, so a refit on the same labels always chooses the same. A training set larger than
    /// <paramref name="MaxMolecules"/> is searched on a random subset of that many (drawn with <paramref name="Seed"/>).
    /// </summary>
    public sealed record LeaveOneOut(HyperparameterGrid Grid, int MaxMolecules = int.MaxValue, int Seed = 0) : HyperparameterChoice
    {
        public override (Hyperparameters Best, double? Score) Search(FeatureSet features, IReadOnlyList<double> labels)
        {
            (features, labels) = AtMost(features, labels, MaxMolecules, Seed);
            var result = HyperparameterSearch.LeaveOneOut(features, labels, Grid);
            return (result.Best, result.Scores.First(s => s.Hyperparameters == result.Best).Score);
        }

        public override int ValidatedMolecules(int count) => Math.Min(count, MaxMolecules);

        public override string Describe() => Validation("leave-one-out", Grid, MaxMolecules);
    }
}
