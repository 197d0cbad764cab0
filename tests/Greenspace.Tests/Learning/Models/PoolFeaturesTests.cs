using Greenspace.Learning;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;

namespace Greenspace.Tests.Learning.Models;

/// <summary>A pool's precomputed distances or kernel give the models what the features themselves give.</summary>
public class PoolFeaturesTests
{
    [Theory]
    [InlineData(KernelKind.Laplacian, 5.0)]
    [InlineData(KernelKind.Gaussian, 2.0)]
    public void APooledModelPredictsWhatTheModelOnTheFeaturesPredicts(KernelKind kind, double width)
    {
        var random = new Random(31);
        var x = KernelTests.RandomMatrix(400, 9, random);
        var y = Enumerable.Range(0, x.Rows).Select(i => Math.Cos(x[i, 0]) + x[i, 1] * x[i, 3]).ToArray();
        var features = new VectorFeatures(x);
        var pool = PoolFeatures.WithDistances(features, kind);
        int[] train = [.. Enumerable.Range(0, 400).Where(i => i % 4 != 0)], test = [.. Enumerable.Range(0, 400).Where(i => i % 4 == 0)];
        var h = new Hyperparameters(new Kernel(kind, width), 1e-6);

        var pooled = KernelRidge.Fit(pool.Subset(train), [.. train.Select(i => y[i])], h).Predict(pool.Subset(test));
        var direct = KernelRidge.Fit(features.Subset(train), [.. train.Select(i => y[i])], h).Predict(features.Subset(test));
        for (int i = 0; i < test.Length; i++)
        {
            Assert.Equal(direct.Mean[i], pooled.Mean[i], 10);
            Assert.Equal(direct.Sigma[i], pooled.Sigma[i], 10);
        }
        // The cross-validated search reads the same distances.
        var grid = HyperparameterGrid.LogSpaced(kind, 0.5, 50, 5, 1e-8, 1e-4, 2);
        var a = HyperparameterSearch.CrossValidate(pool.Subset(train), [.. train.Select(i => y[i])], grid);
        var b = HyperparameterSearch.CrossValidate(features.Subset(train), [.. train.Select(i => y[i])], grid);
        Assert.Equal(b.Scores.Select(s => Math.Round(s.Score, 9)), a.Scores.Select(s => Math.Round(s.Score, 9)));
    }

    [Fact]
    public void LazyDistancesGiveWhatTheWholeMatrixGives()
    {
        // A campaign's pool computes only the rows it is asked for; every number must be the whole matrix's.
        var random = new Random(33);
        var features = new VectorFeatures(KernelTests.RandomMatrix(300, 12, random));
        var y = Enumerable.Range(0, 300).Select(i => Math.Sin(features.Values[i, 0]) + features.Values[i, 2]).ToArray();
        var whole = PoolFeatures.WithDistances(features, KernelKind.Laplacian);
        var lazy = PoolFeatures.WithLazyDistances(features, KernelKind.Laplacian);
        Assert.Equal(whole.MedianDistance(), lazy.MedianDistance(), 12);

        int[] train = [.. Enumerable.Range(0, 300).Where(i => i % 7 == 3)], rest = [.. Enumerable.Range(0, 300).Where(i => i % 7 != 3)];
        var kernel = Kernel.Laplacian(4);
        // Both orientations: rows of the few (train) and of the many (rest, read through the train rows by symmetry).
        foreach (var (a, b) in new[] { (train, rest), (rest, train), (train, train) })
        {
            var expected = KernelMatrix.Between(kernel, whole.Subset(a), whole.Subset(b)).AsSpan().ToArray();
            var actual = KernelMatrix.Between(kernel, lazy.Subset(a), lazy.Subset(b)).AsSpan().ToArray();
            Assert.All(expected.Zip(actual), p => Assert.Equal(p.First, p.Second, 12));
        }
        var h = new Hyperparameters(kernel, 1e-6);
        var fromWhole = KernelRidge.Fit(whole.Subset(train), [.. train.Select(i => y[i])], h).Predict(whole.Subset(rest));
        var fromLazy = KernelRidge.Fit(lazy.Subset(train), [.. train.Select(i => y[i])], h).Predict(lazy.Subset(rest));
        for (int i = 0; i < rest.Length; i++)
        {
            Assert.Equal(fromWhole.Mean[i], fromLazy.Mean[i], 9);
            Assert.Equal(fromWhole.Sigma[i], fromLazy.Sigma[i], 9);
        }
    }

    [Fact]
    public void AnAtomSumKernelPoolServesItsOwnKernelAndItsElements()
    {
        var random = new Random(32);
        AtomEnvironments Molecule(params int[] z) => new([.. z], KernelTests.RandomMatrix(z.Length, 4, random));
        var features = new AtomicFeatures([Molecule(6, 1, 1, 1, 1), Molecule(8, 1, 1), Molecule(6, 8, 1, 1), Molecule(7, 1, 1, 1), Molecule(6, 6, 1)]);
        var kernel = Kernel.Gaussian(1.5);
        var pool = PoolFeatures.WithKernel(features, kernel);

        var expected = KernelMatrix.Between(kernel, features.Subset([4, 0]), features.Subset([1, 2, 3]));
        var gathered = KernelMatrix.Between(kernel, pool.Subset([4, 0]), pool.Subset([1, 2, 3]));
        // The pool comes from the symmetric matrix, whose atom pairs are summed in another order: equal to rounding.
        Assert.All(gathered.AsSpan().ToArray().Zip(expected.AsSpan().ToArray()), p => Assert.Equal(p.Second, p.First, 12));
        var diagonal = KernelMatrix.Diagonal(kernel, features);
        Assert.All(KernelMatrix.Diagonal(kernel, pool).Zip(diagonal), p => Assert.Equal(p.Second, p.First, 12));

        var e = Assert.Throws<LearningInputException>(() => KernelMatrix.Of(Kernel.Gaussian(3), pool));
        Assert.Equal("this pool holds the Gaussian kernel, width 1.5 only, not the Gaussian kernel, width 3; make a pool for that kernel or search over lambda alone", e.Message);

        var model = KernelRidge.Fit(pool.Subset([0, 1, 2]), [1.0, 2.0, 3.0], new Hyperparameters(kernel, 1e-6));
        e = Assert.Throws<LearningInputException>(() => model.Predict(pool.Subset([4, 3])));
        Assert.Equal("molecule 1 contains N, an element the model never saw in training; train on molecules with N or leave this one out", e.Message);

        var other = PoolFeatures.WithKernel(features, kernel);
        e = Assert.Throws<LearningInputException>(() => model.Predict(other.Subset([0])));
        Assert.Equal("these molecules belong to another pool; take both sets from one pool (one PoolFeatures.With... call)", e.Message);
    }
}
