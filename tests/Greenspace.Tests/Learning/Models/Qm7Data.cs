using Greenspace.Learning;
using Greenspace.Learning.Datasets;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;
using Greenspace.Learning.Representations;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Learning.Models;

/// <summary>QM7 from data/qm7 read once per test run, its sorted Coulomb matrices, and small training sets drawn from split 1.</summary>
internal static class Qm7Data
{
    private static readonly Lazy<Qm7Dataset> Loaded = new(() => Qm7Dataset.Load(TestData.DataFile("qm7")));
    private static readonly Lazy<MoleculeInputs> Coulomb = new(() =>
        MoleculeInputs.Of(VectorFeatures.Compute(new CoulombMatrix(), Dataset.Molecules), Dataset.Molecules));

    public static Qm7Dataset Dataset => Loaded.Value;

    /// <summary>Every QM7 molecule as the sorted Coulomb matrix (Laplacian kernel) and its composition.</summary>
    public static MoleculeInputs CoulombMatrices => Coulomb.Value;

    /// <summary>The training molecules of split 1 in a seeded random order: the first N make a training set of N.</summary>
    public static int[] TrainingOrder(int seed = 1)
    {
        var order = Dataset.TrainingIndices(1);
        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>The first <paramref name="count"/> molecules of split 1's test set.</summary>
    public static int[] Test(int count) => [.. Dataset.TestIndices(1).Take(count)];

    /// <summary>Widths around the Coulomb matrices' median L1 distance (about 350) and two small lambdas, for 5-fold CV.</summary>
    public static HyperparameterChoice CoulombSearch { get; } = new HyperparameterChoice.CrossValidated(
        HyperparameterGrid.LogSpaced(KernelKind.Laplacian, 300, 30_000, 5, 1e-10, 1e-6, 2));

    public static double[] At(IReadOnlyList<double> values, IReadOnlyList<int> indices) => [.. indices.Select(i => values[i])];

    public static double MeanAbsoluteError(IReadOnlyList<double> predicted, IReadOnlyList<double> truth) =>
        predicted.Zip(truth, (p, t) => Math.Abs(p - t)).Average();
}
