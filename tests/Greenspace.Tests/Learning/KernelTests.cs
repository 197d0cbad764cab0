using System.Collections.Immutable;
using Greenspace.Learning;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Tests.Learning;

/// <summary>The vectorised, tiled, parallel kernels against the textbook double loop.</summary>
public class KernelTests
{
    // 130 rows cross several tiles and leave odd rows over; 13 features leave a tail after the SIMD lanes.
    [Theory]
    [InlineData(KernelKind.Laplacian, 20.0)]
    [InlineData(KernelKind.Gaussian, 3.0)]
    public void VectorKernelsMatchANaiveDoubleLoop(KernelKind kind, double width)
    {
        var random = new Random(11);
        var a = RandomMatrix(130, 13, random);
        var b = RandomMatrix(57, 13, random);
        var kernel = new Kernel(kind, width);

        var square = KernelMatrix.Of(kernel, new VectorFeatures(a));
        var cross = KernelMatrix.Between(kernel, new VectorFeatures(a), new VectorFeatures(b));

        for (int i = 0; i < a.Rows; i++)
        {
            for (int j = 0; j < a.Rows; j++)
                Assert.Equal(Naive(kind, width, a.Row(i), a.Row(j)), square[i, j], 1e-12);
            for (int j = 0; j < b.Rows; j++)
                Assert.Equal(Naive(kind, width, a.Row(i), b.Row(j)), cross[i, j], 1e-12);
        }
        Assert.All(KernelMatrix.Diagonal(kernel, new VectorFeatures(a)), k => Assert.Equal(1.0, k));
    }

    [Theory]
    [InlineData(KernelKind.Laplacian, 5.0)]
    [InlineData(KernelKind.Gaussian, 1.5)]
    public void TheAtomSumKernelMatchesANaiveLoopOverSameElementPairs(KernelKind kind, double width)
    {
        var random = new Random(12);
        int[] elements = [1, 6, 7, 8];
        var molecules = Enumerable.Range(0, 9).Select(m =>
        {
            int atoms = 1 + random.Next(7);
            var z = Enumerable.Range(0, atoms).Select(_ => elements[random.Next(elements.Length)]).ToImmutableArray();
            return new AtomEnvironments(z, RandomMatrix(atoms, 6, random));
        }).ToList();
        var set = new AtomicFeatures(molecules);
        var kernel = new Kernel(kind, width);

        var square = KernelMatrix.Of(kernel, set);
        var diagonal = KernelMatrix.Diagonal(kernel, set);
        var cross = KernelMatrix.Between(kernel, set.Subset([3, 1]), set);

        for (int i = 0; i < molecules.Count; i++)
        {
            for (int j = 0; j < molecules.Count; j++)
            {
                double expected = 0;
                for (int a = 0; a < molecules[i].AtomicNumbers.Length; a++)
                    for (int b = 0; b < molecules[j].AtomicNumbers.Length; b++)
                        if (molecules[i].AtomicNumbers[a] == molecules[j].AtomicNumbers[b])
                            expected += Naive(kind, width, molecules[i].Features.Row(a), molecules[j].Features.Row(b));
                Assert.Equal(expected, square[i, j], 1e-12);
                if (i == 3)
                    Assert.Equal(expected, cross[0, j], 1e-12);
                if (i == 1)
                    Assert.Equal(expected, cross[1, j], 1e-12);
            }
            Assert.Equal(square[i, i], diagonal[i], 1e-12);
        }
    }

    [Fact]
    public void FeaturesOfDifferentLengthsOrKindsAreRefusedInOneSentence()
    {
        var random = new Random(13);
        var a = new VectorFeatures(RandomMatrix(3, 4, random));
        var b = new VectorFeatures(RandomMatrix(3, 5, random));
        var e = Assert.Throws<LearningInputException>(() => KernelMatrix.Between(Kernel.Laplacian(1), a, b));
        Assert.Equal("these feature vectors have 4 numbers where the others have 5; compute both with the same representation and settings", e.Message);

        var atoms = new AtomicFeatures([new AtomEnvironments([6], RandomMatrix(1, 4, random))]);
        Assert.Throws<LearningInputException>(() => KernelMatrix.Between(Kernel.Laplacian(1), a, atoms));

        var bad = RandomMatrix(2, 4, random);
        bad[1, 2] = double.NaN;
        e = Assert.Throws<LearningInputException>(() => new VectorFeatures(bad));
        Assert.Equal("the feature vector of molecule 1 holds a NaN or infinite number; recompute its representation or leave that molecule out", e.Message);
    }

    private static double Naive(KernelKind kind, double width, ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double sum = 0;
        for (int k = 0; k < x.Length; k++)
            sum += kind == KernelKind.Laplacian ? Math.Abs(x[k] - y[k]) : (x[k] - y[k]) * (x[k] - y[k]);
        return kind == KernelKind.Laplacian ? Math.Exp(-sum / width) : Math.Exp(-sum / (2 * width * width));
    }

    internal static Matrix RandomMatrix(int rows, int columns, Random random, double spread = 2)
    {
        var m = new Matrix(rows, columns);
        foreach (ref var x in m.AsSpan())
            x = spread * (random.NextDouble() - 0.5);
        return m;
    }
}
