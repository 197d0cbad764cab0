using Greenspace.Chemistry;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;
using Greenspace.Learning.Representations;

namespace Greenspace.Learning;

/// <summary>One feature vector per molecule, as the rows of one matrix; kernels compare whole vectors.</summary>
public sealed class VectorFeatures : FeatureSet
{
    /// <param name="values">One row per molecule; every number finite.</param>
    public VectorFeatures(Matrix values)
    {
        for (int i = 0; i < values.Rows; i++)
            RequireFinite(values.Row(i), $"the feature vector of molecule {i}");
        Values = values;
    }

    public Matrix Values { get; }

    public override int Count => Values.Rows;

    /// <summary>Length of each vector.</summary>
    public int Length => Values.Columns;

    /// <summary>The vectors of <paramref name="molecules"/>, computed on all cores (a molecule the representation cannot take is named first).</summary>
    public static VectorFeatures Compute(IGlobalRepresentation representation, IReadOnlyList<Molecule> molecules)
    {
        var features = representation.Featurise(molecules);
        return new VectorFeatures(new Matrix(features.Rows, features.Columns, features.Values));
    }

    public override VectorFeatures Subset(IReadOnlyList<int> indices) => new(Values.SelectRows(indices));

    internal override Matrix Kernel(Kernel kernel, FeatureSet other)
    {
        var distances = PairDistances.Compute(kernel.Kind, Values, Comparable<VectorFeatures>(other).Values);
        ApplyByRows(kernel, distances);
        return distances;
    }

    internal override Matrix Kernel(Kernel kernel)
    {
        var gram = UpperKernel(kernel);
        PairDistances.MirrorUpperTriangle(gram);
        return gram;
    }

    internal override Matrix UpperKernel(Kernel kernel)
    {
        var distances = PairDistances.UpperTriangle(kernel.Kind, Values);
        ApplyByRows(kernel, distances, upperOnly: true);
        return distances;
    }

    internal override double[] SelfKernel(Kernel kernel) => Enumerable.Repeat(1.0, Count).ToArray();

    /// <summary>The distances are computed once and each width only takes their exponential.</summary>
    internal override Func<double, Matrix> GramsByWidth(KernelKind kind)
    {
        var distances = PairDistances.Compute(kind, Values);
        return width =>
        {
            var gram = distances.Copy();
            ApplyByRows(new Kernel(kind, width), gram);
            return gram;
        };
    }

    internal override string? Incompatible(FeatureSet other) => other switch
    {
        VectorFeatures v when v.Length != Length =>
            $"these feature vectors have {Length} numbers where the others have {v.Length}; compute both with the same representation and settings",
        VectorFeatures => null,
        _ => "whole-molecule feature vectors cannot be compared with per-atom features; use one representation for both",
    };

    private static void ApplyByRows(Kernel kernel, Matrix distances, bool upperOnly = false)
    {
        const int rowsPerChunk = 64;
        Parallel.For(0, (distances.Rows + rowsPerChunk - 1) / rowsPerChunk, chunk =>
        {
            int first = chunk * rowsPerChunk, end = Math.Min(distances.Rows, first + rowsPerChunk);
            if (upperOnly)
                for (int i = first; i < end; i++)
                    kernel.ApplyToDistances(distances.Row(i)[i..]);
            else
                kernel.ApplyToDistances(distances.AsSpan()[(first * distances.Columns)..(end * distances.Columns)]);
        });
    }
}
