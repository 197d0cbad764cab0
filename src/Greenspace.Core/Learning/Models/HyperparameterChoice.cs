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
            SearchResult result;
            if (features.Count <= MaxMolecules)
                result = HyperparameterSearch.CrossValidate(features, labels, Grid, Math.Min(Folds, features.Count), Seed);
            else
            {
                var subset = Enumerable.Range(0, features.Count).ToArray();
                new Random(Seed).Shuffle(subset);
                subset = subset[..MaxMolecules];
                result = HyperparameterSearch.CrossValidate(features.Subset(subset), [.. subset.Select(i => labels[i])], Grid, Folds, Seed);
            }
            return (result.Best, result.Scores.First(s => s.Hyperparameters == result.Best).Score);
        }

        public override int ValidatedMolecules(int count) => Math.Min(count, MaxMolecules);

        public override string Describe() =>
            $"{Folds}-fold cross-validation on the training set{(MaxMolecules < int.MaxValue ? $" (on {MaxMolecules:N0} of its molecules when larger)" : "")}, "
            + $"{Grid.Kind} widths {string.Join("/", Grid.Widths.Select(w => w.ToString("G3")))} and lambdas {string.Join("/", Grid.Lambdas.Select(l => l.ToString("G1")))}";
    }
}
