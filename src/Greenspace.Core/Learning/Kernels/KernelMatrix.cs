using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Kernels;

/// <summary>Kernel matrices between feature sets, on all cores.</summary>
public static class KernelMatrix
{
    /// <summary>k(rows_i, columns_j); both sets must come from the same representation.</summary>
    /// <exception cref="LearningInputException">when the two sets cannot be compared.</exception>
    public static Matrix Between(Kernel kernel, FeatureSet rows, FeatureSet columns) => rows.Kernel(kernel, columns);

    /// <summary>k(x_i, x_j) within one set, symmetric.</summary>
    public static Matrix Of(Kernel kernel, FeatureSet set) => set.Kernel(kernel);

    /// <summary>k(x_i, x_i): 1 for vector kernels, the atom-sum over same-element pairs for atomic ones.</summary>
    public static double[] Diagonal(Kernel kernel, FeatureSet set) => set.SelfKernel(kernel);
}
