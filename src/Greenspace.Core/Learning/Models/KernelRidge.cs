using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Models;

/// <summary>
/// Fits kernel ridge regression / Gaussian-process regression: (K + λI) α = y - ȳ solved through one
/// Cholesky factorisation (LAPACK dpotrf in OpenBLAS), kept for the predictive variances.
/// </summary>
public static class KernelRidge
{
    /// <summary>Fits with fixed hyperparameters (choose them with <see cref="HyperparameterSearch"/>).</summary>
    /// <exception cref="LearningInputException">for no molecules, a missing label or lengths that disagree.</exception>
    /// <exception cref="NotPositiveDefiniteException">when K + λI is numerically singular (λ too small for the data).</exception>
    public static KernelRidgeModel Fit(FeatureSet features, IReadOnlyList<double> labels, Hyperparameters hyperparameters)
    {
        TrainingInput.Check(features, labels);
        return FitGram(features, labels, hyperparameters, features.UpperKernel(hyperparameters.Kernel));
    }

    /// <summary>
    /// <see cref="Fit"/>, with the kernel matrix built and factorised only when the model is first used: a Gaussian
    /// process that may never be asked to predict (a fidelity whose labels are known wherever it would be) then costs
    /// nothing. The model is the same; a matrix that is not positive definite is reported at that first use.
    /// </summary>
    /// <exception cref="LearningInputException">for no molecules, a missing label or lengths that disagree.</exception>
    /// <param name="variance">How the signal variance s² is estimated (maximum likelihood unless told).</param>
    public static KernelRidgeModel FitDeferred(FeatureSet features, IReadOnlyList<double> labels, Hyperparameters hyperparameters,
        SignalVarianceEstimate variance = SignalVarianceEstimate.MaximumLikelihood) =>
        FitDeferred(features, labels, new Lazy<Hyperparameters>(hyperparameters), variance);

    /// <summary>
    /// <see cref="FitDeferred(FeatureSet, IReadOnlyList{double}, Hyperparameters, SignalVarianceEstimate)"/> with the hyperparameters chosen too
    /// only when first needed, by <paramref name="choose"/> (a cross-validated search over a large training set costs
    /// more than its factorisation).
    /// </summary>
    public static KernelRidgeModel FitDeferred(FeatureSet features, IReadOnlyList<double> labels, Func<Hyperparameters> choose) =>
        FitDeferred(features, labels, new Lazy<Hyperparameters>(choose), SignalVarianceEstimate.MaximumLikelihood);

    private static KernelRidgeModel FitDeferred(FeatureSet features, IReadOnlyList<double> labels, Lazy<Hyperparameters> hyperparameters,
        SignalVarianceEstimate variance)
    {
        TrainingInput.Check(features, labels);
        var copy = labels.ToArray();
        double mean = copy.Average();
        return new KernelRidgeModel(features, hyperparameters, mean,
            new Lazy<KernelRidgeModel.Solution>(() => Solve(copy, mean, hyperparameters.Value, features.UpperKernel(hyperparameters.Value.Kernel), variance)));
    }

    /// <summary>
    /// Fits from a kernel matrix already built for <paramref name="features"/>, which the model takes over.
    /// Only its upper triangle (j ≥ i) is read.
    /// </summary>
    internal static KernelRidgeModel FitGram(FeatureSet features, IReadOnlyList<double> labels, Hyperparameters hyperparameters, Matrix gram)
    {
        double mean = labels.Average();
        return new KernelRidgeModel(features, hyperparameters, mean, new Lazy<KernelRidgeModel.Solution>(Solve(labels, mean, hyperparameters, gram, SignalVarianceEstimate.MaximumLikelihood)));
    }

    /// <summary>(K + λI) α = y - ȳ through one Cholesky factorisation of <paramref name="gram"/> (in place), with s² as <paramref name="variance"/> says and the log marginal likelihood (at the maximum-likelihood s²).</summary>
    private static KernelRidgeModel.Solution Solve(IReadOnlyList<double> labels, double mean, Hyperparameters hyperparameters, Matrix gram,
        SignalVarianceEstimate variance)
    {
        int n = labels.Count;
        var centred = new double[n];
        for (int i = 0; i < n; i++)
            centred[i] = labels[i] - mean;
        gram.AddToDiagonal(hyperparameters.Lambda);
        var factor = CholeskyFactor.FactorInPlace(gram);
        var alpha = (double[])centred.Clone();
        factor.Solve(alpha);
        double fit = System.Numerics.Tensors.TensorPrimitives.Dot<double>(centred, alpha);
        double maximumLikelihood = fit / n;
        double logLikelihood = -0.5 * (n + n * Math.Log(maximumLikelihood) + factor.LogDeterminant() + n * Math.Log(2 * Math.PI));
        double signalVariance = maximumLikelihood;
        if (variance == SignalVarianceEstimate.LeaveOneOut)
        {
            // Molecule i left out: error α_i / (A⁻¹)_ii, predictive variance s² / (A⁻¹)_ii; s² makes their mean z² one.
            var diagonal = factor.InverseDiagonal();
            double sum = 0;
            for (int i = 0; i < n; i++)
                sum += alpha[i] * alpha[i] / diagonal[i];
            if (sum > 0)
                signalVariance = sum / n;
        }
        return new KernelRidgeModel.Solution(alpha, signalVariance, logLikelihood, factor);
    }
}

/// <summary>How a Gaussian process's signal variance s² (the scale of every predictive variance) is estimated.</summary>
public enum SignalVarianceEstimate
{
    /// <summary>s² = (y - ȳ)ᵀ(K + λI)⁻¹(y - ȳ) / n, the maximum of the marginal likelihood.</summary>
    MaximumLikelihood,

    /// <summary>
    /// s² such that the leave-one-out errors, over their predictive standard deviations, have a mean square of one
    /// (Bachoc, Comput. Stat. Data Anal. 66, 55 (2013): under a misspecified kernel, cross-validation estimates the
    /// variance more robustly than maximum likelihood). Costs one more n³/3 solve.
    /// </summary>
    LeaveOneOut,
}
