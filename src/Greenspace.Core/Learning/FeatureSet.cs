using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning;

/// <summary>
/// The inputs of a kernel model, one entry per molecule, as one representation computed them: either
/// one vector per molecule (<see cref="VectorFeatures"/>) or one vector per atom with its element
/// (<see cref="AtomicFeatures"/>). Each kind knows how to build its kernel matrices.
/// </summary>
public abstract class FeatureSet
{
    /// <summary>Number of molecules.</summary>
    public abstract int Count { get; }

    /// <summary>The molecules at <paramref name="indices"/>, in that order (training folds, splits).</summary>
    public abstract FeatureSet Subset(IReadOnlyList<int> indices);

    /// <summary>k(this_i, other_j): one row per molecule here, one column per molecule of <paramref name="other"/>.</summary>
    internal abstract Matrix Kernel(Kernel kernel, FeatureSet other);

    /// <summary>k(this_i, this_j), symmetric.</summary>
    internal abstract Matrix Kernel(Kernel kernel);

    /// <summary>
    /// k(this_i, this_j) for j ≥ i, the upper triangle a Cholesky factor reads; below the diagonal the
    /// numbers are unspecified. Saves the mirror (and half the exponentials) of a large training kernel.
    /// </summary>
    internal virtual Matrix UpperKernel(Kernel kernel) => Kernel(kernel);

    /// <summary>k(this_i, this_i), the prior variance of each molecule before any scale.</summary>
    internal abstract double[] SelfKernel(Kernel kernel);

    /// <summary>A source of the square kernel matrix for one kernel kind at many widths.</summary>
    internal virtual Func<double, Matrix> GramsByWidth(KernelKind kind) => width => Kernel(new Kernel(kind, width));

    /// <summary>Why this set cannot be compared with <paramref name="other"/> (another kind or length of feature), or null.</summary>
    internal abstract string? Incompatible(FeatureSet other);

    /// <summary>Why a model trained on <paramref name="training"/> cannot predict this set, or null when it can.</summary>
    internal virtual string? OutsideDomain(FeatureSet training) => Incompatible(training);

    /// <summary>Whether <see cref="OutsideDomain"/> checks more than compatibility (an atomic representation: the elements seen in training).</summary>
    internal virtual bool HasDomain => false;

    /// <summary>Throws the sentence of <see cref="Incompatible"/>, if any.</summary>
    private protected T Comparable<T>(FeatureSet other) where T : FeatureSet =>
        Incompatible(other) is { } problem ? throw new LearningInputException(problem) : (T)other;

    private protected static void RequireFinite(ReadOnlySpan<double> values, string what)
    {
        if (!System.Numerics.Tensors.TensorPrimitives.IsFiniteAll(values))
            throw new LearningInputException($"{what} holds a NaN or infinite number; recompute its representation or leave that molecule out");
    }
}
