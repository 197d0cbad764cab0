using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Greenspace.Learning.Calibration;

/// <summary>The fraction of errors inside the central interval that should hold <see cref="Nominal"/> of them.</summary>
public sealed record CoveragePoint(double Nominal, double Observed);

/// <summary>
/// How far a model's uncertainties can be trusted, measured on a test set the scale was not fitted on.
/// Every figure uses the sigmas after multiplying them by <see cref="Scale"/>.
/// </summary>
/// <param name="Count">Test molecules.</param>
/// <param name="Scale">Factor applied to every predicted sigma, fitted on a validation split (1 = none).</param>
/// <param name="MeanAbsoluteError">In the labels' units.</param>
/// <param name="RootMeanSquareError">In the labels' units.</param>
/// <param name="Coverage">
/// At the ten levels p = 0.05, 0.15, ..., 0.95 (the midpoints of the ten deciles): the observed fraction of
/// |error| ≤ z σ, with z the standard normal's (1 + p)/2 quantile. Perfect calibration gives Observed = Nominal.
/// </param>
/// <param name="MiscalibrationArea">Mean |Observed - Nominal| over the coverage levels.</param>
/// <param name="Ence">
/// Expected normalised calibration error (Levi et al. 2022): molecules sorted by sigma into
/// <paramref name="EnceBins"/> bins of equal count, then the mean over bins of |RMV - RMSE| / RMV, where RMV
/// is the root mean predicted variance of the bin and RMSE its root mean squared error. 0 is perfect.
/// </param>
/// <param name="NegativeLogLikelihood">Mean Gaussian negative log-likelihood per molecule, in nats, with the labels' units.</param>
/// <param name="SpearmanAbsoluteErrorSigma">Rank correlation of |error| with sigma: whether larger sigma flags larger errors.</param>
public sealed record CalibrationReport(
    int Count,
    double Scale,
    double MeanAbsoluteError,
    double RootMeanSquareError,
    ImmutableArray<CoveragePoint> Coverage,
    double MiscalibrationArea,
    double Ence,
    int EnceBins,
    double NegativeLogLikelihood,
    double SpearmanAbsoluteErrorSigma)
{
    /// <summary>A few lines for people, with the unit of the labels given by <paramref name="unit"/>.</summary>
    public string ToText(string unit)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"calibration on {Count} test molecules, sigma scale {Scale:F3} (fitted on a validation split)");
        text.AppendLine(c, $"  MAE {MeanAbsoluteError:F3} {unit}, RMSE {RootMeanSquareError:F3} {unit}");
        text.AppendLine(c, $"  coverage (nominal -> observed): {string.Join(", ", Coverage.Select(p => $"{p.Nominal:F2}->{p.Observed:F3}"))}");
        text.AppendLine(c, $"  miscalibration area {MiscalibrationArea:F3}, ENCE {Ence:F3} ({EnceBins} bins), NLL {NegativeLogLikelihood:F3} per molecule, Spearman(|error|, sigma) {SpearmanAbsoluteErrorSigma:F3}");
        return text.ToString();
    }
}
