using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Persistence;

/// <summary>
/// The nearest-neighbour distances of the training set, in the space the model's kernel compares molecules in:
/// the smallest, median and largest distance from a training molecule to its nearest other training molecule.
/// A new molecule farther from every training molecule than <see cref="Largest"/> lies outside what the model has seen.
/// </summary>
/// <param name="Metric">How the distance is measured, for people.</param>
public sealed record FeatureDomain(string Metric, double Smallest, double Median, double Largest);

/// <summary>
/// Distances from molecules to their nearest training molecule: the L1 distance between feature vectors for a
/// Laplacian kernel, the Euclidean one for a Gaussian kernel (each kernel is a function of its distance), and for
/// per-atom features the distance the atom-sum kernel induces, sqrt(k(x,x) + k(y,y) - 2 k(x,y)).
/// </summary>
internal static class NearestNeighbours
{
    // Distances are computed for this many query molecules at a time, so memory stays at rows x training set.
    private const int BlockRows = 256;

    public static string Metric(Kernel kernel, FeatureSet training) => training switch
    {
        AtomicFeatures => $"distance induced by the atom-sum {kernel.Kind.ToString().ToLowerInvariant()} kernel (width {kernel.Width:G4}), sqrt(k(x,x) + k(y,y) - 2k(x,y))",
        _ when kernel.Kind == KernelKind.Laplacian => "L1 distance between feature vectors",
        _ => "Euclidean distance between feature vectors",
    };

    /// <summary>The domain of a training set: each molecule's distance to its nearest other training molecule, summarised.</summary>
    public static FeatureDomain Domain(Kernel kernel, FeatureSet training)
    {
        var distances = Distances(kernel, training, training, leaveSelfOut: true);
        Array.Sort(distances);
        return distances.Length == 0
            ? new FeatureDomain(Metric(kernel, training), double.NaN, double.NaN, double.NaN)
            : new FeatureDomain(Metric(kernel, training), distances[0], Median(distances), distances[^1]);
    }

    /// <summary>For each molecule of <paramref name="query"/>, its distance to the nearest molecule of <paramref name="training"/> (itself excluded when both are one set).</summary>
    public static double[] Distances(Kernel kernel, FeatureSet query, FeatureSet training, bool leaveSelfOut = false)
    {
        var nearest = new double[query.Count];
        Array.Fill(nearest, double.PositiveInfinity);
        double[]? trainingSelf = query is AtomicFeatures ? training.SelfKernel(kernel) : null;
        for (int start = 0; start < query.Count; start += BlockRows)
        {
            int[] rows = [.. Enumerable.Range(start, Math.Min(BlockRows, query.Count - start))];
            var block = query.Subset(rows);
            Matrix values;
            if (block is VectorFeatures v)
                values = PairDistances.Compute(kernel.Kind, v.Values, ((VectorFeatures)training).Values);
            else
            {
                // k(x,y) -> k(x,x) + k(y,y) - 2k(x,y), the squared distance in the kernel's feature space.
                values = KernelMatrix.Between(kernel, block, training);
                var self = block.SelfKernel(kernel);
                for (int i = 0; i < rows.Length; i++)
                {
                    var row = values.Row(i);
                    for (int j = 0; j < row.Length; j++)
                        row[j] = Math.Max(0, self[i] + trainingSelf![j] - 2 * row[j]);
                }
            }
            for (int i = 0; i < rows.Length; i++)
            {
                var row = values.Row(i);
                double best = double.PositiveInfinity;
                for (int j = 0; j < row.Length; j++)
                    if (!(leaveSelfOut && j == rows[i]) && row[j] < best)
                        best = row[j];
                // Laplacian distances are L1 already; Gaussian and kernel-induced ones come squared.
                nearest[rows[i]] = block is VectorFeatures && kernel.Kind == KernelKind.Laplacian ? best : Math.Sqrt(best);
            }
        }
        return nearest;
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
}
