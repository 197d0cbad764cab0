using System.Collections.Immutable;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Models;

/// <summary>How a search ranked the grid.</summary>
public enum SelectionCriterion
{
    /// <summary>Lowest mean absolute error over k folds of the training set.</summary>
    CrossValidation,

    /// <summary>Highest Gaussian-process log marginal likelihood of the training labels.</summary>
    LogMarginalLikelihood,
}

/// <summary>One grid point's score: the cross-validated MAE (labels' units) or the log marginal likelihood.</summary>
/// <param name="Failure">Why the point has no score (K + λI not positive definite), or null.</param>
public sealed record GridScore(Hyperparameters Hyperparameters, double Score, string? Failure = null);

/// <summary>The chosen hyperparameters with every score the search computed.</summary>
public sealed record SearchResult(Hyperparameters Best, SelectionCriterion Criterion, ImmutableArray<GridScore> Scores);

/// <summary>
/// Chooses kernel width and λ on the training set alone, by k-fold cross-validation or by the GP log
/// marginal likelihood. The distances of a vector representation are computed once for all widths.
/// </summary>
public static class HyperparameterSearch
{
    /// <summary>
    /// k-fold cross-validation: the molecules are shuffled with <paramref name="seed"/> and cut into
    /// <paramref name="folds"/> parts; each grid point is scored by the MAE over all held-out predictions.
    /// </summary>
    public static SearchResult CrossValidate(FeatureSet features, IReadOnlyList<double> labels, HyperparameterGrid grid, int folds = 5, int seed = 0)
    {
        TrainingInput.Check(features, labels);
        if (folds < 2 || folds > features.Count)
            throw new LearningInputException($"cross-validation of {features.Count} molecules needs between 2 and {features.Count} folds, not {folds}");
        var parts = Folds(features.Count, folds, seed);
        var gramOf = features.GramsByWidth(grid.Kind);
        var scores = ImmutableArray.CreateBuilder<GridScore>();
        foreach (double width in grid.Widths)
        {
            var gram = gramOf(width);
            var absoluteErrors = new double[grid.Lambdas.Length];
            var failures = new string?[grid.Lambdas.Length];
            foreach (var (train, held) in parts)
            {
                var trainGram = gram.Select(train, train);
                var heldGram = gram.Select(held, train);
                var trainLabels = train.Select(i => labels[i]).ToArray();
                double mean = trainLabels.Average();
                var centred = trainLabels.Select(y => y - mean).ToArray();
                for (int l = 0; l < grid.Lambdas.Length; l++)
                {
                    if (failures[l] is not null)
                        continue;
                    try
                    {
                        var system = trainGram.Copy();
                        system.AddToDiagonal(grid.Lambdas[l]);
                        var alpha = (double[])centred.Clone();
                        CholeskyFactor.FactorInPlace(system).Solve(alpha);
                        var predicted = new double[held.Length];
                        Blas.Multiply(heldGram, alpha, predicted);
                        for (int i = 0; i < held.Length; i++)
                            absoluteErrors[l] += Math.Abs(predicted[i] + mean - labels[held[i]]);
                    }
                    catch (NotPositiveDefiniteException e)
                    {
                        failures[l] = e.Message;
                    }
                }
            }
            for (int l = 0; l < grid.Lambdas.Length; l++)
                scores.Add(new GridScore(new Hyperparameters(new(grid.Kind, width), grid.Lambdas[l]),
                    failures[l] is null ? absoluteErrors[l] / features.Count : double.NaN, failures[l]));
        }
        return Choose(scores.ToImmutable(), SelectionCriterion.CrossValidation);
    }

    /// <summary>
    /// Leave-one-out cross-validation in closed form: with the labels centred on their mean and A = K + λI,
    /// the error of the model fitted without molecule i at molecule i is (A⁻¹y)_i / (A⁻¹)_ii (the PRESS identity of
    /// ridge regression; the mean is taken over all molecules, so it still holds 1/n of each held-out label). One
    /// factorisation per grid point, no random folds: the same data always give the same choice, and every molecule
    /// is validated on a model of n - 1 others.
    /// </summary>
    public static SearchResult LeaveOneOut(FeatureSet features, IReadOnlyList<double> labels, HyperparameterGrid grid)
    {
        TrainingInput.Check(features, labels);
        int n = features.Count;
        if (n < 2)
            throw new LearningInputException($"leave-one-out cross-validation needs at least 2 molecules, not {n}");
        double mean = labels.Average();
        var centred = labels.Select(y => y - mean).ToArray();
        var scores = ScoreGrid(features, grid, (gram, point) =>
        {
            gram.AddToDiagonal(point.Lambda);
            var factor = CholeskyFactor.FactorInPlace(gram);
            var alpha = (double[])centred.Clone();
            factor.Solve(alpha);
            var diagonal = factor.InverseDiagonal();
            double absoluteErrors = 0;
            for (int i = 0; i < n; i++)
                absoluteErrors += Math.Abs(alpha[i] / diagonal[i]);
            return absoluteErrors / n;
        });
        return Choose(scores, SelectionCriterion.CrossValidation);
    }

    /// <summary>The grid point whose Gaussian process gives the training labels the highest likelihood.</summary>
    public static SearchResult MaximiseLikelihood(FeatureSet features, IReadOnlyList<double> labels, HyperparameterGrid grid)
    {
        TrainingInput.Check(features, labels);
        var scores = ScoreGrid(features, grid, (gram, point) => KernelRidge.FitGram(features, labels, point, gram).LogMarginalLikelihood);
        return Choose(scores, SelectionCriterion.LogMarginalLikelihood);
    }

    /// <summary>
    /// Each grid point scored on its own copy of the kernel matrix (the distances are gathered once per width); a point
    /// whose K + λI is not positive definite gets no score and says why.
    /// </summary>
    private static ImmutableArray<GridScore> ScoreGrid(FeatureSet features, HyperparameterGrid grid, Func<Matrix, Hyperparameters, double> score)
    {
        var gramOf = features.GramsByWidth(grid.Kind);
        var scores = ImmutableArray.CreateBuilder<GridScore>();
        foreach (double width in grid.Widths)
        {
            var gram = gramOf(width);
            foreach (double lambda in grid.Lambdas)
            {
                var point = new Hyperparameters(new(grid.Kind, width), lambda);
                try
                {
                    scores.Add(new GridScore(point, score(gram.Copy(), point)));
                }
                catch (NotPositiveDefiniteException e)
                {
                    scores.Add(new GridScore(point, double.NaN, e.Message));
                }
            }
        }
        return scores.ToImmutable();
    }

    private static SearchResult Choose(ImmutableArray<GridScore> scores, SelectionCriterion criterion)
    {
        var scored = scores.Where(s => s.Failure is null && double.IsFinite(s.Score)).ToList();
        if (scored.Count == 0)
            throw new LearningInputException($"no point of the grid could be fitted ({scores[0].Failure}); try larger lambdas");
        var best = criterion == SelectionCriterion.CrossValidation ? scored.MinBy(s => s.Score)! : scored.MaxBy(s => s.Score)!;
        return new SearchResult(best.Hyperparameters, criterion, scores);
    }

    private static List<(int[] Train, int[] Held)> Folds(int count, int folds, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var parts = new List<(int[], int[])>(folds);
        for (int f = 0; f < folds; f++)
        {
            int start = (int)((long)count * f / folds), end = (int)((long)count * (f + 1) / folds);
            var held = order[start..end];
            var train = order[..start].Concat(order[end..]).ToArray();
            parts.Add((train, held));
        }
        return parts;
    }
}
