using System.Collections.Immutable;
using Greenspace.Chemistry;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;
using Greenspace.Learning.Representations;

namespace Greenspace.Learning;

/// <summary>
/// One vector per atom, with the atom's element, for each molecule. The kernel between two molecules is
/// the atom-sum kernel: the sum of k(x_a, x_b) over every pair of atoms a, b of the same element
/// (as in FCHL19 and the local kernels of Christensen et al. 2020).
/// </summary>
public sealed class AtomicFeatures : FeatureSet
{
    private readonly ImmutableArray<ByElement> _molecules;

    public AtomicFeatures(IReadOnlyList<AtomEnvironments> molecules)
    {
        int length = molecules.Count == 0 ? 0 : molecules[0].Features.Columns;
        var sorted = ImmutableArray.CreateBuilder<ByElement>(molecules.Count);
        for (int m = 0; m < molecules.Count; m++)
        {
            if (molecules[m].Features.Columns != length)
                throw new LearningInputException($"the atoms of molecule {m} have vectors of {molecules[m].Features.Columns} numbers where molecule 0's have {length}; compute all with the same representation settings");
            RequireFinite(molecules[m].Features.AsSpan(), $"the atomic features of molecule {m}");
            sorted.Add(ByElement.Of(molecules[m]));
        }
        _molecules = sorted.MoveToImmutable();
        Length = length;
        Molecules = molecules;
    }

    private AtomicFeatures(ImmutableArray<ByElement> sorted, IReadOnlyList<AtomEnvironments> molecules, int length)
    {
        _molecules = sorted;
        Molecules = molecules;
        Length = length;
    }

    public IReadOnlyList<AtomEnvironments> Molecules { get; }

    public override int Count => _molecules.Length;

    /// <summary>Length of each atom's vector.</summary>
    public int Length { get; }

    /// <summary>Every element that occurs in these molecules.</summary>
    public ImmutableSortedSet<int> Elements => _molecules.SelectMany(m => m.Elements).ToImmutableSortedSet();

    /// <summary>The atomic vectors of <paramref name="molecules"/>, computed on all cores (a molecule the representation cannot take is named first).</summary>
    public static AtomicFeatures Compute(ILocalRepresentation representation, IReadOnlyList<Molecule> molecules)
    {
        var all = representation.Featurise(molecules);
        var environments = new AtomEnvironments[molecules.Count];
        for (int m = 0; m < molecules.Count; m++)
            environments[m] = new AtomEnvironments([.. all.ElementsOf(m)], new Matrix(all.AtomCountOf(m), all.FeatureCount, all.RowsOf(m).ToArray()));
        return new AtomicFeatures(environments);
    }

    public override AtomicFeatures Subset(IReadOnlyList<int> indices) =>
        new([.. indices.Select(i => _molecules[i])], [.. indices.Select(i => Molecules[i])], Length);

    internal override Matrix Kernel(Kernel kernel, FeatureSet other)
    {
        var b = Comparable<AtomicFeatures>(other);
        var result = new Matrix(Count, b.Count);
        Parallel.For(0, Count, i =>
        {
            var row = result.Row(i);
            for (int j = 0; j < row.Length; j++)
                row[j] = AtomSum(kernel, _molecules[i], b._molecules[j]);
        });
        return result;
    }

    internal override Matrix Kernel(Kernel kernel)
    {
        var result = new Matrix(Count, Count);
        Parallel.For(0, Count, i =>
        {
            for (int j = 0; j <= i; j++)
                result[i, j] = result[j, i] = AtomSum(kernel, _molecules[i], _molecules[j]);
        });
        return result;
    }

    internal override double[] SelfKernel(Kernel kernel) => [.. _molecules.Select(m => AtomSum(kernel, m, m))];

    internal override string? Incompatible(FeatureSet other) => other switch
    {
        AtomicFeatures a when a.Length != Length =>
            $"these atomic vectors have {Length} numbers where the others have {a.Length}; compute both with the same representation and settings",
        AtomicFeatures => null,
        _ => "per-atom features cannot be compared with whole-molecule feature vectors; use one representation for both",
    };

    internal override bool HasDomain => true;

    /// <summary>An element the training set never had would add nothing to any kernel: the model knows nothing of it.</summary>
    internal override string? OutsideDomain(FeatureSet training)
    {
        if (Incompatible(training) is { } problem)
            return problem;
        var known = ((AtomicFeatures)training).Elements;
        for (int m = 0; m < _molecules.Length; m++)
            foreach (int z in _molecules[m].Elements)
                if (!known.Contains(z))
                    return $"molecule {m} contains {Chemistry.Elements.Symbol(z)}, an element the model never saw in training; train on molecules with {Chemistry.Elements.Symbol(z)} or leave this one out";
        return null;
    }

    /// <summary>Σ k(x_a, x_b) over same-element pairs; runs of one element are matched by a merge over sorted elements.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static double AtomSum(Kernel kernel, ByElement a, ByElement b)
    {
        double sum = 0;
        int ra = 0, rb = 0;
        while (ra < a.Runs.Length && rb < b.Runs.Length)
        {
            var (za, startA, endA) = a.Runs[ra];
            var (zb, startB, endB) = b.Runs[rb];
            if (za < zb)
                ra++;
            else if (zb < za)
                rb++;
            else
            {
                for (int i = startA; i < endA; i++)
                    for (int j = startB; j < endB; j++)
                        sum += kernel.OfDistance(PairDistances.Between(kernel.Kind, a.Rows.Row(i), b.Rows.Row(j)));
                ra++;
                rb++;
            }
        }
        return sum;
    }

    /// <summary>A molecule's atoms reordered so that each element's atoms are one run of rows.</summary>
    private sealed record ByElement(Matrix Rows, ImmutableArray<(int Element, int Start, int End)> Runs)
    {
        public IEnumerable<int> Elements => Runs.Select(r => r.Element);

        public static ByElement Of(AtomEnvironments molecule)
        {
            var order = Enumerable.Range(0, molecule.AtomicNumbers.Length).OrderBy(i => molecule.AtomicNumbers[i]).ToArray();
            var rows = molecule.Features.SelectRows(order);
            var runs = ImmutableArray.CreateBuilder<(int, int, int)>();
            for (int start = 0; start < order.Length;)
            {
                int z = molecule.AtomicNumbers[order[start]], end = start;
                while (end < order.Length && molecule.AtomicNumbers[order[end]] == z)
                    end++;
                runs.Add((z, start, end));
                start = end;
            }
            return new ByElement(rows, runs.ToImmutable());
        }
    }
}
