using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;

namespace Greenspace.Learning.Persistence;

/// <summary>
/// The grid a training searches: kernel widths spread by powers of two about the median distance between training
/// molecules (between same-element atoms for per-atom features), in the distance the kernel is a function of, and
/// regularisers 1e-10 to 1e-2. The scale comes from the training molecules' features alone, no label and no test molecule.
/// </summary>
public static class KernelWidthGrid
{
    /// <summary>Widths are the median distance times 2^k for these k.</summary>
    public static readonly int[] Exponents = [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    public static readonly double[] Lambdas = [1e-10, 1e-8, 1e-6, 1e-4, 1e-2];

    // Enough pairs for a stable median at a cost far below one fit.
    private const int SampleMolecules = 200;
    private const int SampleAtoms = 400;

    public const string Rule = "widths = median training distance x 2^k, k = -2..10 (the Laplacian optimum often lies at widths far above the distances, where the kernel is nearly linear in them); lambda = 1e-10, 1e-8, 1e-6, 1e-4, 1e-2";

    public static HyperparameterGrid For(FeatureSet training, KernelKind kind)
    {
        double median = MedianDistance(training, kind);
        if (!(median > 0) || !double.IsFinite(median))
            throw new LearningInputException("the training molecules all have the same features, so no kernel width can tell them apart; give different molecules");
        return new HyperparameterGrid(kind, Exponents.Select(k => median * Math.Pow(2, k)), Lambdas);
    }

    /// <summary>The median distance between training molecules (or same-element atoms), L1 for a Laplacian kernel, Euclidean for a Gaussian one.</summary>
    public static double MedianDistance(FeatureSet training, KernelKind kind)
    {
        var distances = new List<double>();
        if (training is VectorFeatures vectors)
        {
            var sample = vectors.Values.SelectRows([.. Enumerable.Range(0, Math.Min(SampleMolecules, vectors.Count))]);
            var d = PairDistances.Compute(kind, sample);
            for (int i = 0; i < d.Rows; i++)
                for (int j = i + 1; j < d.Columns; j++)
                    distances.Add(d[i, j]);
        }
        else
        {
            var atoms = ((AtomicFeatures)training).Molecules
                .SelectMany(m => Enumerable.Range(0, m.AtomicNumbers.Length).Select(a => (Z: m.AtomicNumbers[a], Row: m.Features.Row(a).ToArray())))
                .Take(SampleAtoms).ToList();
            for (int i = 0; i < atoms.Count; i++)
                for (int j = i + 1; j < atoms.Count; j++)
                    if (atoms[i].Z == atoms[j].Z)
                        distances.Add(PairDistances.Between(kind, atoms[i].Row, atoms[j].Row));
        }
        if (distances.Count == 0)
            return double.NaN;
        distances.Sort();
        double median = distances[distances.Count / 2];
        return kind == KernelKind.Laplacian ? median : Math.Sqrt(median);
    }
}
