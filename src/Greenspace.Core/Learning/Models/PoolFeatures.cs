using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Models;

/// <summary>
/// Molecules of one fixed pool, whose comparisons with each other were computed once: the pairwise distances of a
/// vector representation (any width of the matching kernel is then one exponential away), or the whole kernel matrix
/// at one width (for an atom-sum kernel, whose cost lies in the comparisons). Learning curves over many splits and
/// sizes, and active learning that redraws its training set from one pool, then never compare two molecules twice.
/// </summary>
/// <remarks>
/// A subset is a list of pool indices sharing the pool's matrix; kernels between subsets are gathered from it. The
/// matrix holds pool size squared numbers (7,101 QM7 molecules: 403 MB). A pool of lazy distances
/// (<see cref="WithLazyDistances"/>) computes a molecule's row of distances only when first asked, which suits a
/// campaign: it compares its few labelled molecules with the whole library, never every pair.
/// </remarks>
public sealed class PoolFeatures : FeatureSet
{
    private sealed record Pool(FeatureSet Source, Matrix? Values, KernelKind Kind, Kernel? FixedKernel, DistanceRows? Rows = null);

    private readonly Pool _pool;
    private readonly int[] _indices;

    private PoolFeatures(Pool pool, int[] indices)
    {
        _pool = pool;
        _indices = indices;
    }

    /// <summary>All of <paramref name="features"/>, with their pairwise distances of the kind <paramref name="kind"/> needs (L1 for Laplacian, squared L2 for Gaussian).</summary>
    public static PoolFeatures WithDistances(VectorFeatures features, KernelKind kind) =>
        new(new Pool(features, PairDistances.Compute(kind, features.Values), kind, null), [.. Enumerable.Range(0, features.Count)]);

    /// <summary>
    /// All of <paramref name="features"/>, each molecule's distances to the whole pool computed when first needed and
    /// kept: the same numbers as <see cref="WithDistances"/>, at the cost of the rows asked for (a QM7 campaign's
    /// featurisation in SLATM, 6,771 molecules, fell from 12.5 s to 4.7 s on two cores).
    /// </summary>
    public static PoolFeatures WithLazyDistances(VectorFeatures features, KernelKind kind) =>
        new(new Pool(features, null, kind, null, new DistanceRows(features.Values, kind)), [.. Enumerable.Range(0, features.Count)]);

    /// <summary>All of <paramref name="features"/>, with their kernel matrix for <paramref name="kernel"/>, the only kernel the pool then serves.</summary>
    public static PoolFeatures WithKernel(FeatureSet features, Kernel kernel) =>
        new(new Pool(features, KernelMatrix.Of(kernel, features), kernel.Kind, kernel), [.. Enumerable.Range(0, features.Count)]);

    public override int Count => _indices.Length;

    /// <summary>Each molecule's index in the pool.</summary>
    public IReadOnlyList<int> PoolIndices => _indices;

    /// <summary>The one kernel a pool of kernel values serves, or null for a pool of distances.</summary>
    public Kernel? FixedKernel => _pool.FixedKernel;

    public override PoolFeatures Subset(IReadOnlyList<int> indices)
    {
        var pooled = new int[indices.Count];
        for (int k = 0; k < pooled.Length; k++)
            pooled[k] = _indices[indices[k]];
        return new PoolFeatures(_pool, pooled);
    }

    /// <summary>The median distance between two different molecules of this set (from up to 200,000 pairs): a scale for kernel widths.</summary>
    public double MedianDistance()
    {
        if (_pool.FixedKernel is not null)
            throw new LearningInputException("this pool holds kernel values, not distances; it has no median distance");
        if (Count < 2)
            throw new LearningInputException("a median distance needs at least two molecules");
        long pairs = (long)Count * (Count - 1) / 2;
        long stride = Math.Max(1, pairs / 200_000);
        var sampled = new List<(int, int)>();
        long p = 0;
        for (int i = 1; i < Count; i++)
            for (int j = 0; j < i; j++, p++)
                if (p % stride == 0)
                    sampled.Add((_indices[i], _indices[j]));
        // Lazy rows are not computed for a sample: each sampled pair is one distance.
        var sample = _pool.Rows is { } rows
            ? [.. sampled.AsParallel().AsOrdered().Select(pair => rows.Between(pair.Item1, pair.Item2))]
            : sampled.Select(pair => _pool.Values![pair.Item1, pair.Item2]).ToList();
        sample.Sort();
        return sample[sample.Count / 2];
    }

    internal override Matrix Kernel(Kernel kernel, FeatureSet other)
    {
        var columns = Comparable<PoolFeatures>(other);
        CheckKernel(kernel);
        var values = Gather(_indices, columns._indices);
        if (_pool.FixedKernel is null)
            ApplyByRows(kernel, values);
        return values;
    }

    internal override Matrix Kernel(Kernel kernel) => Kernel(kernel, this);

    internal override double[] SelfKernel(Kernel kernel)
    {
        CheckKernel(kernel);
        return _pool.FixedKernel is null ? Enumerable.Repeat(1.0, Count).ToArray() : [.. _indices.Select(i => _pool.Values![i, i])];
    }

    /// <summary>The distances are gathered once and each width only takes their exponential.</summary>
    internal override Func<double, Matrix> GramsByWidth(KernelKind kind)
    {
        CheckKernel(new Kernel(kind, _pool.FixedKernel?.Width ?? 1));
        var gathered = Gather(_indices, _indices);
        return width =>
        {
            var kernel = new Kernel(kind, width);
            CheckKernel(kernel);
            var gram = gathered.Copy();
            if (_pool.FixedKernel is null)
                ApplyByRows(kernel, gram);
            return gram;
        };
    }

    internal override string? Incompatible(FeatureSet other) => other switch
    {
        PoolFeatures p when ReferenceEquals(p._pool, _pool) => null,
        PoolFeatures => "these molecules belong to another pool; take both sets from one pool (one PoolFeatures.With... call)",
        _ => "pooled molecules can only be compared with molecules of the same pool; take both sets from one pool",
    };

    /// <summary>
    /// The pool's own features decide (an atomic representation refuses an element training never had); a vector
    /// representation has no domain beyond compatibility, and its rows are not copied to be asked (a SLATM pool of
    /// 6,771 QM7 molecules is 590 MB).
    /// </summary>
    internal override string? OutsideDomain(FeatureSet training) =>
        Incompatible(training) ?? (_pool.Source.HasDomain
            ? _pool.Source.Subset(_indices).OutsideDomain(_pool.Source.Subset(((PoolFeatures)training)._indices))
            : null);

    internal override bool HasDomain => _pool.Source.HasDomain;

    private void CheckKernel(Kernel kernel)
    {
        if (_pool.FixedKernel is { } fixedKernel)
        {
            if (kernel != fixedKernel)
                throw new LearningInputException($"this pool holds the {fixedKernel} only, not the {kernel}; make a pool for that kernel or search over lambda alone");
        }
        else if (kernel.Kind != _pool.Kind)
            throw new LearningInputException($"this pool holds the distances of the {_pool.Kind} kernel, not of the {kernel.Kind}; make a pool for that kernel kind");
    }

    private Matrix Gather(int[] rows, int[] columns)
    {
        if (_pool.Rows is { } lazy)
            return lazy.Gather(rows, columns);
        var result = Matrix.Uninitialized(rows.Length, columns.Length);
        Parallel.For(0, rows.Length, i =>
        {
            var source = _pool.Values!.Row(rows[i]);
            var target = result.Row(i);
            for (int j = 0; j < target.Length; j++)
                target[j] = source[columns[j]];
        });
        return result;
    }

    private static void ApplyByRows(Kernel kernel, Matrix distances)
    {
        const int rowsPerChunk = 64;
        Parallel.For(0, (distances.Rows + rowsPerChunk - 1) / rowsPerChunk, chunk =>
        {
            int first = chunk * rowsPerChunk, end = Math.Min(distances.Rows, first + rowsPerChunk);
            kernel.ApplyToDistances(distances.AsSpan()[(first * distances.Columns)..(end * distances.Columns)]);
        });
    }
}

/// <summary>
/// The rows of a pool's distance matrix, each computed when first needed (for every missing row at once, tiled on all
/// cores) and kept. Distances are symmetric, so a block is gathered from the rows of whichever side has fewer molecules.
/// </summary>
internal sealed class DistanceRows(Matrix features, KernelKind kind)
{
    private readonly double[]?[] _rows = new double[features.Rows][];
    private readonly Lock _gate = new();

    /// <summary>One distance, from a row already computed or from the two feature vectors.</summary>
    public double Between(int i, int j) =>
        Volatile.Read(ref _rows[i]) is { } row ? row[j] : PairDistances.Between(kind, features.Row(i), features.Row(j));

    public Matrix Gather(int[] rows, int[] columns)
    {
        int distinctRows = rows.Distinct().Count(), distinctColumns = columns.Distinct().Count();
        bool byRows = distinctRows <= distinctColumns;
        var rowsOf = Ensure(byRows ? rows : columns);
        var result = Matrix.Uninitialized(rows.Length, columns.Length);
        Parallel.For(0, rows.Length, i =>
        {
            var target = result.Row(i);
            if (byRows)
            {
                var source = rowsOf[rows[i]]!;
                for (int j = 0; j < target.Length; j++)
                    target[j] = source[columns[j]];
            }
            else
            {
                int r = rows[i];
                for (int j = 0; j < target.Length; j++)
                    target[j] = rowsOf[columns[j]]![r];
            }
        });
        return result;
    }

    /// <summary>The rows of <paramref name="indices"/>, computing those not yet kept.</summary>
    private double[]?[] Ensure(int[] indices)
    {
        lock (_gate)
        {
            int[] missing = [.. indices.Distinct().Where(i => _rows[i] is null)];
            if (missing.Length > 0)
            {
                var block = PairDistances.Compute(kind, features.SelectRows(missing), features);
                for (int k = 0; k < missing.Length; k++)
                    Volatile.Write(ref _rows[missing[k]], block.Row(k).ToArray());
            }
        }
        return _rows;
    }
}
