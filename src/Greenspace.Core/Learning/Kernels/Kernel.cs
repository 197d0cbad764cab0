using System.Numerics.Tensors;

namespace Greenspace.Learning.Kernels;

/// <summary>
/// A kernel function and its width σ, in the units of the features it compares. For atomic features
/// the same function compares atom with atom and the molecule's kernel sums over same-element pairs.
/// </summary>
public sealed record Kernel
{
    public Kernel(KernelKind kind, double width)
    {
        if (!double.IsFinite(width) || width <= 0)
            throw new LearningInputException($"a kernel width must be a positive number, not {width}");
        Kind = kind;
        Width = width;
    }

    public KernelKind Kind { get; }

    /// <summary>σ: the L1 distance at which the Laplacian falls to 1/e, or the Gaussian's standard deviation.</summary>
    public double Width { get; }

    public static Kernel Laplacian(double width) => new(KernelKind.Laplacian, width);
    public static Kernel Gaussian(double width) => new(KernelKind.Gaussian, width);

    /// <summary>The kernel at a distance of this kind: L1 for the Laplacian, squared L2 for the Gaussian.</summary>
    public double OfDistance(double distance) => Math.Exp(-distance * DistanceFactor);

    /// <summary>Turns distances of this kind into kernel values in place (vectorised exp).</summary>
    internal void ApplyToDistances(Span<double> distances)
    {
        TensorPrimitives.Multiply(distances, -DistanceFactor, distances);
        TensorPrimitives.Exp(distances, distances);
    }

    private double DistanceFactor => Kind == KernelKind.Laplacian ? 1 / Width : 1 / (2 * Width * Width);

    public override string ToString() => $"{Kind} kernel, width {Width:G6}";
}
