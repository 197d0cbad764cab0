using Greenspace.Learning.Kernels;

namespace Greenspace.Learning.Models;

/// <summary>
/// What a kernel ridge / Gaussian-process fit needs besides its data: the kernel and its width, and the
/// regulariser λ added to the kernel matrix's diagonal (the GP's noise variance over its signal variance).
/// </summary>
public sealed record Hyperparameters
{
    public Hyperparameters(Kernel kernel, double lambda)
    {
        if (!double.IsFinite(lambda) || lambda < 0)
            throw new LearningInputException($"the regulariser lambda must be zero or positive, not {lambda}");
        Kernel = kernel;
        Lambda = lambda;
    }

    public Kernel Kernel { get; }
    public double Lambda { get; }

    public override string ToString() => $"{Kernel}, lambda {Lambda:G3}";
}
