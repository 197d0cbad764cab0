using System.Collections.Immutable;
using Greenspace.Learning.Models;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace Greenspace.Learning.Calibration;

/// <summary>
/// Measures predicted uncertainties against errors, and fits the one factor that rescales them. The
/// factor comes from a validation split and the figures from a test split, never both from one set.
/// </summary>
public static class UncertaintyCalibration
{
    /// <summary>The central-interval levels of <see cref="CalibrationReport.Coverage"/>: 0.05, 0.15, ..., 0.95.</summary>
    public static readonly ImmutableArray<double> CoverageLevels = [.. Enumerable.Range(0, 10).Select(k => (k + 0.5) / 10)];

    /// <summary>
    /// The factor c that maximises the Gaussian likelihood of the errors when every sigma is multiplied by
    /// it: c² = mean((error / sigma)²). Fit it on a validation split, never on the test split.
    /// </summary>
    public static double FitScale(IReadOnlyList<double> truth, Prediction validation)
    {
        Check(truth, validation, "validation");
        double sum = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            double z = (truth[i] - validation.Mean[i]) / validation.Sigma[i];
            sum += z * z;
        }
        return Math.Sqrt(sum / truth.Count);
    }

    /// <summary>Fits the scale on the validation split and measures the scaled uncertainties on the test split.</summary>
    public static CalibrationReport Evaluate(IReadOnlyList<double> validationTruth, Prediction validation,
        IReadOnlyList<double> testTruth, Prediction test, int bins = 10) =>
        Measure(testTruth, test, FitScale(validationTruth, validation), bins);

    /// <summary>Every figure of <see cref="CalibrationReport"/> for sigmas multiplied by <paramref name="scale"/>.</summary>
    public static CalibrationReport Measure(IReadOnlyList<double> truth, Prediction prediction, double scale = 1, int bins = 10)
    {
        Check(truth, prediction, "test");
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new LearningInputException($"a sigma scale must be a positive number, not {scale}");
        int n = truth.Count;
        if (bins < 1 || bins > n)
            throw new LearningInputException($"{n} molecules cannot fill {bins} calibration bins; use between 1 and {n} bins");
        var error = new double[n];
        var sigma = new double[n];
        for (int i = 0; i < n; i++)
        {
            error[i] = truth[i] - prediction.Mean[i];
            sigma[i] = scale * prediction.Sigma[i];
        }

        var coverage = CoverageLevels.Select(p =>
        {
            double z = Normal.InvCDF(0, 1, (1 + p) / 2);
            int inside = 0;
            for (int i = 0; i < n; i++)
                if (Math.Abs(error[i]) <= z * sigma[i])
                    inside++;
            return new CoveragePoint(p, (double)inside / n);
        }).ToImmutableArray();

        double nll = 0;
        for (int i = 0; i < n; i++)
            nll += 0.5 * Math.Log(2 * Math.PI * sigma[i] * sigma[i]) + error[i] * error[i] / (2 * sigma[i] * sigma[i]);

        return new CalibrationReport(
            Count: n,
            Scale: scale,
            MeanAbsoluteError: error.Average(Math.Abs),
            RootMeanSquareError: Math.Sqrt(error.Average(e => e * e)),
            Coverage: coverage,
            MiscalibrationArea: coverage.Average(p => Math.Abs(p.Observed - p.Nominal)),
            Ence: Ence(error, sigma, bins),
            EnceBins: bins,
            NegativeLogLikelihood: nll / n,
            SpearmanAbsoluteErrorSigma: Correlation.Spearman(error.Select(Math.Abs), sigma));
    }

    private static double Ence(double[] error, double[] sigma, int bins)
    {
        int n = error.Length;
        var order = Enumerable.Range(0, n).OrderBy(i => sigma[i]).ToArray();
        double sum = 0;
        for (int b = 0; b < bins; b++)
        {
            int start = (int)((long)n * b / bins), end = (int)((long)n * (b + 1) / bins);
            double variance = 0, squaredError = 0;
            for (int k = start; k < end; k++)
            {
                variance += sigma[order[k]] * sigma[order[k]];
                squaredError += error[order[k]] * error[order[k]];
            }
            double rmv = Math.Sqrt(variance / (end - start)), rmse = Math.Sqrt(squaredError / (end - start));
            sum += Math.Abs(rmv - rmse) / rmv;
        }
        return sum / bins;
    }

    private static void Check(IReadOnlyList<double> truth, Prediction prediction, string split)
    {
        if (truth.Count == 0)
            throw new LearningInputException($"the {split} split is empty; calibration needs molecules with known labels");
        if (truth.Count != prediction.Count || prediction.Sigma.Length != prediction.Count)
            throw new LearningInputException($"the {split} split has {truth.Count} labels for {prediction.Count} predictions; give one label per prediction");
        for (int i = 0; i < truth.Count; i++)
        {
            if (!double.IsFinite(truth[i]))
                throw new LearningInputException($"{split} molecule {i} has no label ({truth[i]}); leave it out of the calibration");
            if (!(prediction.Sigma[i] > 0) || !double.IsFinite(prediction.Sigma[i]) || !double.IsFinite(prediction.Mean[i]))
                throw new LearningInputException($"{split} molecule {i} has the prediction {prediction.Mean[i]} with sigma {prediction.Sigma[i]}; calibration needs a finite mean and a positive sigma");
        }
    }
}
