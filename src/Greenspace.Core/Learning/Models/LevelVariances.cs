namespace Greenspace.Learning.Models;

/// <summary>
/// A multi-fidelity prediction whose variance is split by level: how much of the predicted fidelity's variance at each
/// molecule comes from each level's Gaussian process, carried up through the rho factors above it. The model is Markov
/// in its fidelities (given y_r(x), y_top(x) does not depend on any level at or below r), so the variance left once a
/// molecule's labels at levels 0..r are known is the sum of the contributions above r: what acquiring it at rung r
/// would leave.
/// </summary>
/// <param name="Mean">The predicted labels, as <see cref="MultiFidelityModel.Predict"/> gives them.</param>
/// <param name="Contributions">
/// [level][molecule]: the product of rho_k^2 over the levels k above l, times level l's variance of a new observation,
/// s^2 (k** - k*ᵀ(K + λI)⁻¹k* + λ); zero at the levels a known label makes irrelevant (it and everything cheaper).
/// </param>
public sealed record LevelVariances(double[] Mean, double[][] Contributions)
{
    public int Count => Mean.Length;
    public int LevelCount => Contributions.Length;

    /// <summary>The total variance at each molecule: the square of <see cref="MultiFidelityModel.Predict"/>'s sigma.</summary>
    public double[] Variance => [.. Enumerable.Range(0, Count).Select(i => VarianceAfter(i, -1))];

    /// <summary>
    /// The variance left at <paramref name="molecule"/> once its labels at levels 0..<paramref name="rung"/> are known
    /// (-1 for none known, the total): the sum of the contributions above the rung.
    /// </summary>
    public double VarianceAfter(int molecule, int rung)
    {
        double sum = 0;
        for (int l = Math.Max(rung + 1, 0); l < LevelCount; l++)
            sum += Contributions[l][molecule];
        return sum;
    }

    /// <summary><see cref="VarianceAfter(int, int)"/> at every molecule.</summary>
    public double[] VarianceAfter(int rung) => [.. Enumerable.Range(0, Count).Select(i => VarianceAfter(i, rung))];
}
