namespace Greenspace.Learning.Models;

/// <summary>
/// Predicted values and their standard uncertainties, one each per molecule, in the labels' units.
/// <see cref="Sigma"/> is the Gaussian-process standard deviation of a new observation (latent variance
/// plus the noise term); <see cref="Calibration.CalibrationReport"/> says how far it can be trusted.
/// </summary>
public sealed record Prediction(double[] Mean, double[] Sigma)
{
    public int Count => Mean.Length;

    /// <summary>The same means with every sigma multiplied by <paramref name="factor"/> (a calibration scale).</summary>
    public Prediction ScaleSigma(double factor) => this with { Sigma = [.. Sigma.Select(s => s * factor)] };
}
