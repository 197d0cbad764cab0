using System.Collections.Immutable;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Models;

/// <summary>
/// A trained kernel ridge regression, read also as a Gaussian process: the same weights α give the KRR
/// prediction and the GP predictive mean, and the kept Cholesky factor of K + λI gives the GP variance.
/// </summary>
/// <remarks>
/// Prior: f ~ GP(ȳ, s² k) and y = f + ε with ε ~ N(0, s²λ), where ȳ is the training labels' mean and s²
/// the maximum-likelihood signal variance (y - ȳ)ᵀ(K + λI)⁻¹(y - ȳ) / n (Rasmussen &amp; Williams 2006, §2.2
/// and §5.4, with the amplitude profiled out). Then the mean at x* is ȳ + k*ᵀα with α = (K + λI)⁻¹(y - ȳ),
/// and the variance of a new observation there s²(k** - k*ᵀ(K + λI)⁻¹k* + λ).
/// </remarks>
public sealed class KernelRidgeModel
{
    /// <summary>What solving (K + λI) α = y - ȳ gives.</summary>
    internal sealed record Solution(double[] Alpha, double SignalVariance, double LogMarginalLikelihood, CholeskyFactor Factor);

    private readonly Lazy<Solution> _solution;

    internal KernelRidgeModel(FeatureSet training, Hyperparameters hyperparameters, double labelMean, double[] alpha,
        double signalVariance, double logMarginalLikelihood, CholeskyFactor factor)
        : this(training, hyperparameters, labelMean, new Lazy<Solution>(new Solution(alpha, signalVariance, logMarginalLikelihood, factor)))
    {
    }

    /// <summary>A model whose system is solved when first needed (see <see cref="KernelRidge.FitDeferred(FeatureSet, IReadOnlyList{double}, Hyperparameters, SignalVarianceEstimate)"/>).</summary>
    internal KernelRidgeModel(FeatureSet training, Hyperparameters hyperparameters, double labelMean, Lazy<Solution> solution)
        : this(training, new Lazy<Hyperparameters>(hyperparameters), labelMean, solution)
    {
    }

    /// <summary>A model whose hyperparameters too are chosen when first needed.</summary>
    internal KernelRidgeModel(FeatureSet training, Lazy<Hyperparameters> hyperparameters, double labelMean, Lazy<Solution> solution)
    {
        Training = training;
        _hyperparameters = hyperparameters;
        LabelMean = labelMean;
        _solution = solution;
    }

    private readonly Lazy<Hyperparameters> _hyperparameters;

    /// <summary>Whether the hyperparameters have been chosen (a deferred choice is made at the first prediction, or when asked for).</summary>
    internal bool HyperparametersChosen => _hyperparameters.IsValueCreated;

    /// <summary>Whether the system has been solved (a deferred fit solves it at its first prediction).</summary>
    internal bool IsSolved => _solution.IsValueCreated;

    /// <summary>The Cholesky factor of K + λI, which a saved model keeps so that its variances come back bit for bit.</summary>
    internal CholeskyFactor Factor => _solution.Value.Factor;

    public FeatureSet Training { get; }
    public Hyperparameters Hyperparameters => _hyperparameters.Value;

    /// <summary>ȳ, the training labels' mean: the prediction far from all training data.</summary>
    public double LabelMean { get; }

    /// <summary>α = (K + λI)⁻¹(y - ȳ), one weight per training molecule.</summary>
    public ImmutableArray<double> Alpha => [.. _solution.Value.Alpha];

    /// <summary>s², the prior variance of the labels about ȳ (labels' units squared), fitted by maximum likelihood.</summary>
    public double SignalVariance => _solution.Value.SignalVariance;

    /// <summary>log p(y | σ, λ, ŝ²) of the training labels, the criterion of <see cref="HyperparameterSearch.MaximiseLikelihood"/>.</summary>
    public double LogMarginalLikelihood => _solution.Value.LogMarginalLikelihood;

    /// <summary>The predicted labels only (KRR), without the cost of the variances.</summary>
    /// <exception cref="LearningInputException">when the features do not fit the model.</exception>
    public double[] PredictMean(FeatureSet features) => Mean(CrossKernel(features));

    /// <summary>Predicted labels with a Gaussian-process standard deviation each.</summary>
    /// <exception cref="LearningInputException">when the features do not fit the model.</exception>
    public Prediction Predict(FeatureSet features)
    {
        var cross = CrossKernel(features);
        var mean = Mean(cross);
        var prior = features.SelfKernel(Hyperparameters.Kernel);
        Factor.SolveLower(cross);
        var sigma = new double[features.Count];
        for (int i = 0; i < sigma.Length; i++)
        {
            var v = cross.Row(i);
            double explained = System.Numerics.Tensors.TensorPrimitives.Dot<double>(v, v);
            sigma[i] = Math.Sqrt(SignalVariance * Math.Max(0, prior[i] - explained + Hyperparameters.Lambda));
        }
        return new Prediction(mean, sigma);
    }

    /// <summary>
    /// One row per molecule z of <paramref name="features"/>: v_z = L⁻¹k(X, z), L the factor of K + λI, so that
    /// v_z · v_z' = k(z, X)(K + λI)⁻¹k(X, z') is the part of the prior covariance that training explains. A batch of
    /// fantasised acquisitions (<see cref="FantasyBatch"/>) reads posterior covariances from it.
    /// </summary>
    /// <exception cref="LearningInputException">when the features do not fit the model.</exception>
    internal Matrix WhitenedCrossKernel(FeatureSet features)
    {
        var cross = CrossKernel(features);
        Factor.SolveLower(cross);
        return cross;
    }

    private Matrix CrossKernel(FeatureSet features)
    {
        if (features.OutsideDomain(Training) is { } problem)
            throw new LearningInputException(problem);
        return KernelMatrix.Between(Hyperparameters.Kernel, features, Training);
    }

    private double[] Mean(Matrix cross)
    {
        var mean = new double[cross.Rows];
        Blas.Multiply(cross, _solution.Value.Alpha, mean);
        System.Numerics.Tensors.TensorPrimitives.Add(mean, LabelMean, mean);
        return mean;
    }
}
