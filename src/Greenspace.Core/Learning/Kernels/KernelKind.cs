namespace Greenspace.Learning.Kernels;

/// <summary>The kernel functions Greenspace's models use; each fixes the distance it is a function of.</summary>
public enum KernelKind
{
    /// <summary>exp(-|x - y|₁ / σ), on the L1 (Manhattan) distance; scikit-learn's "laplacian" with gamma = 1/σ.</summary>
    Laplacian,

    /// <summary>exp(-|x - y|₂² / (2σ²)), on the squared Euclidean distance; scikit-learn's "rbf" with gamma = 1/(2σ²).</summary>
    Gaussian,
}
