using MathNet.Numerics.Distributions;

namespace Greenspace.Campaigns;

/// <summary>
/// Standard normal draws for sampling a posterior: <see cref="Samples"/> rows of one draw per candidate, drawn once
/// and shared by every estimate made from them (common random numbers). A batch filled greedily then compares its
/// picks on the same samples, so that the probabilities differ between picks by what each pick changed, not by
/// sampling noise, and the draws are made once per batch instead of once per pick.
/// </summary>
public sealed class StandardNormalDraws
{
    private readonly double[] _values;

    public StandardNormalDraws(int samples, int candidates, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(candidates);
        (Samples, Candidates) = (samples, candidates);
        _values = new double[samples * candidates];
        Normal.Samples(random, _values, 0, 1);
    }

    public int Samples { get; }
    public int Candidates { get; }

    /// <summary>Sample <paramref name="s"/>: one standard normal draw per candidate.</summary>
    public ReadOnlySpan<double> Sample(int s) => _values.AsSpan(s * Candidates, Candidates);
}
