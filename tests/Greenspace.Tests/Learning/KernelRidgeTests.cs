using System.Collections.Immutable;
using Greenspace.Learning;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;
using Greenspace.Learning.Models;

namespace Greenspace.Tests.Learning;

/// <summary>Kernel ridge regression and its Gaussian-process reading, on identities and a known function.</summary>
public class KernelRidgeTests
{
    [Theory]
    [InlineData(KernelKind.Laplacian, 4.0, 1e-3)]
    [InlineData(KernelKind.Gaussian, 1.0, 1e-6)]
    public void ATrainedModelSatisfiesYMinusKAlphaEqualsLambdaAlpha(KernelKind kind, double width, double lambda)
    {
        var random = new Random(21);
        var x = KernelTests.RandomMatrix(300, 7, random);
        var y = Enumerable.Range(0, x.Rows).Select(i => Math.Sin(x[i, 0]) + x[i, 1] * x[i, 2] + 0.1 * random.NextDouble()).ToArray();
        var features = new VectorFeatures(x);
        var model = KernelRidge.Fit(features, y, new Hyperparameters(new Kernel(kind, width), lambda));

        // (K + λI)α = y - ȳ, so y - ȳ - Kα = λα, with K built again from scratch.
        var k = KernelMatrix.Of(model.Hyperparameters.Kernel, features);
        var alpha = model.Alpha.ToArray();
        var kAlpha = new double[y.Length];
        Blas.Multiply(k, alpha, kAlpha);
        double worst = 0, scale = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double residual = y[i] - model.LabelMean - kAlpha[i];
            worst = Math.Max(worst, Math.Abs(residual - lambda * alpha[i]));
            scale = Math.Max(scale, Math.Abs(residual));
        }
        Assert.True(worst <= 1e-8 * scale, $"|y - Kα - λα| reaches {worst:E2} against |y - Kα| = {scale:E2}");
        Assert.Equal(y.Average(), model.LabelMean, 1e-12);
    }

    [Fact]
    public void AGaussianProcessRecoversSineBetweenItsPointsAndGrowsUnsureAwayFromThem()
    {
        var (train, y) = Sine(21, 0, 2 * Math.PI);
        var model = KernelRidge.Fit(train, y, new Hyperparameters(Kernel.Gaussian(1.0), 1e-8));

        var (between, truth) = Sine(20, Math.PI / 20, 2 * Math.PI - Math.PI / 20);
        var inside = model.Predict(between);
        for (int i = 0; i < truth.Length; i++)
            Assert.True(Math.Abs(inside.Mean[i] - truth[i]) < 1e-3, $"at x = {between.Values[i, 0]:F3} the mean is {inside.Mean[i]:F6}, sin is {truth[i]:F6}");

        // Beyond the last point (2π) the standard deviation rises towards the prior's s, and the mean falls back to ȳ.
        double[] beyond = [0.25, 0.5, 1, 2, 4, 50];
        var outside = model.Predict(Points(beyond.Select(d => 2 * Math.PI + d)));
        Assert.True(outside.Sigma[0] > inside.Sigma.Max(), $"sigma {outside.Sigma[0]:E2} just beyond the data is not above {inside.Sigma.Max():E2} inside");
        for (int i = 1; i < beyond.Length; i++)
            Assert.True(outside.Sigma[i] > outside.Sigma[i - 1], $"sigma does not grow from {beyond[i - 1]} to {beyond[i]} beyond the data");
        Assert.Equal(Math.Sqrt(model.SignalVariance * (1 + 1e-8)), outside.Sigma[^1], 1e-9);
        Assert.Equal(model.LabelMean, outside.Mean[^1], 1e-9);
    }

    [Fact]
    public void TheMarginalLikelihoodAndCrossValidationChooseAWidthThatRecoversSine()
    {
        var (train, y) = Sine(25, 0, 2 * Math.PI);
        var grid = HyperparameterGrid.LogSpaced(KernelKind.Gaussian, 0.01, 10, 13, 1e-10, 1e-2, 5);
        var (between, truth) = Sine(24, Math.PI / 24, 2 * Math.PI - Math.PI / 24);

        foreach (var search in new[] { HyperparameterSearch.MaximiseLikelihood(train, y, grid), HyperparameterSearch.CrossValidate(train, y, grid, folds: 5), HyperparameterSearch.LeaveOneOut(train, y, grid) })
        {
            Assert.Equal(grid.Widths.Length * grid.Lambdas.Length, search.Scores.Length);
            var model = KernelRidge.Fit(train, y, search.Best);
            var predicted = model.PredictMean(between);
            double worst = truth.Select((t, i) => Math.Abs(predicted[i] - t)).Max();
            Assert.True(worst < 1e-3, $"{search.Criterion} chose {search.Best} and misses sin by {worst:E2}");
            // A width of 0.01 against points 0.26 apart cannot interpolate: it must not be chosen.
            Assert.True(search.Best.Kernel.Width > 0.1, $"{search.Criterion} chose {search.Best}");
        }
    }

    [Theory]
    [InlineData(KernelKind.Laplacian, 4.0, 1e-3)]
    [InlineData(KernelKind.Gaussian, 1.0, 1e-6)]
    public void LeaveOneOutErrorsAndSignalVarianceInClosedFormEqualRefittingWithoutEachMolecule(KernelKind kind, double width, double lambda)
    {
        var random = new Random(5);
        var x = KernelTests.RandomMatrix(40, 5, random);
        var y = Enumerable.Range(0, x.Rows).Select(i => Math.Sin(x[i, 0]) + x[i, 1] * x[i, 2] + 0.1 * random.NextDouble()).ToArray();
        var features = new VectorFeatures(x);
        var point = new Hyperparameters(new Kernel(kind, width), lambda);
        var closedForm = HyperparameterSearch.LeaveOneOut(features, y, new HyperparameterGrid(kind, [width], [lambda])).Scores.Single().Score;

        // The long way: n solves of (K₋ᵢ + λI)α = y₋ᵢ - ȳ (ȳ over all n, as the closed form centres), each predicting molecule i.
        // Each refit also gives molecule i's predictive variance per unit s², k_ii + λ - k_iᵀ(K₋ᵢ + λI)⁻¹k_i: the
        // leave-one-out signal variance is the s² that makes the squared errors over those variances average one.
        var k = KernelMatrix.Of(point.Kernel, features);
        double mean = y.Average(), absoluteErrors = 0, squaredOverVariance = 0;
        for (int i = 0; i < y.Length; i++)
        {
            int[] others = [.. Enumerable.Range(0, y.Length).Where(j => j != i)];
            var system = k.Select(others, others);
            system.AddToDiagonal(lambda);
            var factor = CholeskyFactor.Factor(system);
            var alpha = others.Select(j => y[j] - mean).ToArray();
            factor.Solve(alpha);
            var column = others.Select(j => k[i, j]).ToArray();
            double predicted = mean + column.Select((v, a) => v * alpha[a]).Sum();
            var solved = (double[])column.Clone();
            factor.Solve(solved);
            double unitVariance = k[i, i] + lambda - column.Select((v, a) => v * solved[a]).Sum();
            absoluteErrors += Math.Abs(y[i] - predicted);
            squaredOverVariance += (y[i] - predicted) * (y[i] - predicted) / unitVariance;
        }
        Assert.Equal(absoluteErrors / y.Length, closedForm, 1e-9);
        var model = KernelRidge.FitDeferred(features, y, point, SignalVarianceEstimate.LeaveOneOut);
        Assert.Equal(squaredOverVariance / y.Length, model.SignalVariance, 1e-9 * model.SignalVariance);
    }

    [Fact]
    public void BadTrainingInputGetsOneSentence()
    {
        var (features, y) = Sine(4, 0, 1);
        var h = new Hyperparameters(Kernel.Laplacian(1), 1e-6);

        var e = Assert.Throws<LearningInputException>(() => KernelRidge.Fit(features, y[..3], h));
        Assert.Equal("4 molecules were given 3 labels; give exactly one label per molecule", e.Message);

        y[2] = double.NaN;
        e = Assert.Throws<LearningInputException>(() => KernelRidge.Fit(features, y, h));
        Assert.Equal("molecule 2 has no label (NaN); compute it or leave that molecule out of training", e.Message);

        e = Assert.Throws<LearningInputException>(() => KernelRidge.Fit(features.Subset([]), [], h));
        Assert.Equal("the training set is empty; give the model at least one labelled molecule", e.Message);
    }

    [Fact]
    public void AMoleculeWithAnElementTheModelNeverSawIsRefused()
    {
        var random = new Random(22);
        AtomEnvironments Molecule(params int[] z) => new([.. z], KernelTests.RandomMatrix(z.Length, 3, random));
        var training = new AtomicFeatures([Molecule(6, 1, 1, 1, 1), Molecule(8, 1, 1), Molecule(6, 8, 1, 1)]);
        var model = KernelRidge.Fit(training, [1.0, 2.0, 3.0], new Hyperparameters(Kernel.Laplacian(2), 1e-4));

        Assert.Equal(2, model.Predict(new AtomicFeatures([Molecule(6, 1, 1, 1, 1), Molecule(6, 6, 8)])).Count);
        var e = Assert.Throws<LearningInputException>(() => model.Predict(new AtomicFeatures([Molecule(8, 1, 1), Molecule(9, 6, 1, 1, 1)])));
        Assert.Equal("molecule 1 contains F, an element the model never saw in training; train on molecules with F or leave this one out", e.Message);
    }

    private static (VectorFeatures Features, double[] Labels) Sine(int count, double from, double to)
    {
        var x = Enumerable.Range(0, count).Select(i => from + (to - from) * i / (count - 1)).ToArray();
        return (Points(x), x.Select(Math.Sin).ToArray());
    }

    private static VectorFeatures Points(IEnumerable<double> x)
    {
        var values = x.ToArray();
        return new VectorFeatures(new Matrix(values.Length, 1, values));
    }
}
