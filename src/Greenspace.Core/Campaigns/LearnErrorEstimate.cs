using Greenspace.Learning.Models;
using Greenspace.Store;

namespace Greenspace.Campaigns;

/// <summary>
/// The stopping rule of a "learn" campaign: the mean absolute error its surrogate is expected to make over the
/// molecules it has no target label for, from the posterior sigmas there, scaled by how the surrogate's sigmas
/// compared with its actual errors on the latest labels it acquired (each label was predicted before it was computed).
/// For a Gaussian error the expected |error| is sigma times sqrt(2/pi); the scale corrects a surrogate whose sigmas are
/// too wide or too narrow. No labels held out for testing are needed, so a real campaign (no replayed labels) can stop.
/// </summary>
public static class LearnErrorEstimate
{
    /// <summary>Acquired labels the scale is taken from: the latest ones (the surrogate's sigmas change as it learns).</summary>
    public const int CalibrationLabels = 100;

    /// <summary>Fewer calibration labels than this give no estimate.</summary>
    public const int MinimumLabels = 20;

    private static readonly double GaussianMeanAbsolute = Math.Sqrt(2 / Math.PI);

    /// <summary>The estimate, and the scale and labels it was calibrated on; null while too few labels have been predicted before being computed.</summary>
    public sealed record Estimate(double Mae, double Scale, int CalibrationLabels, int Molecules);

    public static Estimate? Of(CampaignSurrogate surrogate, MultiFidelityModel model, CampaignState state, IReadOnlyList<StoredBatch> batches, int targetRung)
    {
        var calibration = batches.SelectMany(b => b.Steps)
            .Where(s => s.Plan.Rung == targetRung && s.Plan.PredictedMean is not null && s.Plan.PredictedSigma is > 0 && s.Outcome is { Succeeded: true })
            .TakeLast(CalibrationLabels).ToList();
        if (calibration.Count < MinimumLabels)
            return null;
        double scale = calibration.Sum(s => Math.Abs(s.Outcome!.Value!.Value - s.Plan.PredictedMean!.Value))
            / calibration.Sum(s => GaussianMeanAbsolute * s.Plan.PredictedSigma!.Value);
        var unknown = Enumerable.Range(0, state.Library.Molecules.Length).Where(m => !state.Known(targetRung, m)).ToList();
        if (unknown.Count == 0)
            return new Estimate(0, scale, calibration.Count, 0);
        var (_, variance, _) = surrogate.Predict(model, state, unknown);
        double mae = scale * GaussianMeanAbsolute * variance.Average(v => Math.Sqrt(Math.Max(v, 0)));
        return new Estimate(mae, scale, calibration.Count, unknown.Count);
    }
}
