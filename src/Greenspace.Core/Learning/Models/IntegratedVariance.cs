using System.Numerics.Tensors;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Models;

/// <summary>
/// The variance a label at one molecule would remove from the dearest level, summed over a whole set of molecules
/// (integrated variance reduction, the criterion of active learning for a model's error over a set rather than at one
/// point), with sequential variance-only updates for filling a batch. For molecule x and the set S:
/// <code>
///   reduction(x) = s^2 sum_z c(z, x)^2 / (c(x, x) + lambda),   c = k(S, S) - V^T V,   V = L^-1 k(X, S)
/// </code>
/// where L is the Cholesky factor of the dearest level's K + lambda I. It is the dearest level's correction only: exact
/// for the target's variance where every cheaper label is known (the cheapest rung computed everywhere), an
/// approximation otherwise.
/// </summary>
/// <remarks>Memory: one |S| x |S| matrix of float64 (6,000 molecules: 288 MB).</remarks>
public sealed class IntegratedVariance
{
    private readonly Matrix _covariance;
    private readonly double _lambda, _signal;

    /// <param name="set">Indices into the model's pool: the molecules whose variance counts (candidates and held-out alike).</param>
    public IntegratedVariance(MultiFidelityModel model, IReadOnlyList<int> set)
    {
        var gp = model.Levels[^1].Gp;
        var features = model.Pool.Features.Subset(set);
        _covariance = KernelMatrix.Of(gp.Hyperparameters.Kernel, features);
        var whitened = gp.WhitenedCrossKernel(features);
        Blas.Gemm(-1, whitened, false, whitened, true, 1, _covariance);
        _lambda = gp.Hyperparameters.Lambda;
        _signal = gp.SignalVariance;
    }

    /// <summary>The variance (labels' units squared) a label at set member <paramref name="x"/> would remove, summed over the set.</summary>
    public double Reduction(int x)
    {
        double d = Math.Max(_covariance[x, x], 0) + _lambda;
        var row = _covariance.Row(x); // symmetric: row x is column x
        return _signal * TensorPrimitives.Dot<double>(row, row) / d;
    }

    /// <summary>Conditions the set on a label at member <paramref name="x"/> (a variance-only rank-one update).</summary>
    public void Add(int x)
    {
        double d = Math.Max(_covariance[x, x], 0) + _lambda;
        var column = _covariance.Row(x).ToArray();
        for (int z = 0; z < column.Length; z++)
            TensorPrimitives.MultiplyAdd(column, -column[z] / d, _covariance.Row(z), _covariance.Row(z));
    }
}
