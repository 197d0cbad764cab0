using Greenspace.Learning;
using Greenspace.Learning.Calibration;
using Greenspace.Learning.Models;
using MathNet.Numerics.Distributions;

namespace Greenspace.Tests.Learning;

/// <summary>
/// Calibration figures on synthetic errors drawn from N(0, σ²) with each σ known: what a perfectly
/// calibrated model would give. Tolerances are a few standard errors at the sample size used.
/// </summary>
public class CalibrationTests
{
    private const int N = 100_000;

    [Fact]
    public void ErrorsDrawnWithTheirOwnSigmaAreCalibrated()
    {
        var (truth, prediction) = Synthetic(N, sigmaFactor: 1, seed: 31);
        var report = UncertaintyCalibration.Measure(truth, prediction);

        // Each coverage is a binomial fraction: standard error sqrt(p(1 - p)/N) <= 0.0016; allow 4 of them.
        Assert.Equal(10, report.Coverage.Length);
        Assert.Equal(0.05, report.Coverage[0].Nominal, 12);
        Assert.Equal(0.95, report.Coverage[^1].Nominal, 12);
        foreach (var p in report.Coverage)
            Assert.True(Math.Abs(p.Observed - p.Nominal) < 4 * Math.Sqrt(p.Nominal * (1 - p.Nominal) / N), $"coverage {p.Observed:F4} at {p.Nominal}");

        // Per bin of m = N/10 errors, RMSE/RMV scatters by about 1/sqrt(2m), so ENCE ≈ E|that| = 1/sqrt(πm); allow 3 times.
        double m = N / 10.0;
        Assert.True(report.Ence < 3 / Math.Sqrt(Math.PI * m), $"ENCE {report.Ence:F4}");

        // E[NLL] = mean(½ ln 2πσ²) + ½; the z²/2 term's mean has standard error sqrt(2)/(2 sqrt N).
        double expectedNll = prediction.Sigma.Average(s => 0.5 * Math.Log(2 * Math.PI * s * s)) + 0.5;
        Assert.Equal(expectedNll, report.NegativeLogLikelihood, 4 * Math.Sqrt(2) / (2 * Math.Sqrt(N)));

        // |error| = σ|z| grows with σ, which spans a factor of 30 here: ranks must agree clearly.
        Assert.True(report.SpearmanAbsoluteErrorSigma > 0.4, $"Spearman {report.SpearmanAbsoluteErrorSigma:F3}");
    }

    [Fact]
    public void SigmasThatAreTooSmallShowAsUndercoverageAndTheValidationScaleRepairsThem()
    {
        // The model claims sigma, the errors have 1.5 sigma.
        var (validationTruth, validation) = Synthetic(N, sigmaFactor: 1.5, seed: 32);
        var (testTruth, test) = Synthetic(N, sigmaFactor: 1.5, seed: 33);

        var raw = UncertaintyCalibration.Measure(testTruth, test);
        // With sigma 1.5 times too small, |RMV - RMSE| / RMV = 0.5 in every bin.
        Assert.Equal(0.5, raw.Ence, 0.02);
        var half = raw.Coverage[4];
        double expected = 2 * Normal.CDF(0, 1, Normal.InvCDF(0, 1, 0.725) / 1.5) - 1;
        Assert.Equal(expected, half.Observed, 0.01);

        // c² = mean z² has standard error sqrt(2/N) · 1.5², so c about 1.5 · sqrt(2/N)/2.
        double scale = UncertaintyCalibration.FitScale(validationTruth, validation);
        Assert.Equal(1.5, scale, 4 * 1.5 * Math.Sqrt(2.0 / N) / 2);

        var repaired = UncertaintyCalibration.Evaluate(validationTruth, validation, testTruth, test);
        Assert.Equal(scale, repaired.Scale);
        Assert.True(repaired.Ence < 3 / Math.Sqrt(Math.PI * N / 10.0), $"ENCE {repaired.Ence:F4}");
        foreach (var p in repaired.Coverage)
            Assert.Equal(p.Nominal, p.Observed, 0.01);
        Assert.True(repaired.NegativeLogLikelihood < raw.NegativeLogLikelihood);
    }

    [Fact]
    public void SigmasUnrelatedToTheErrorsHaveNoRankCorrelation()
    {
        var (truth, prediction) = Synthetic(N, sigmaFactor: 1, seed: 34);
        var shuffled = (double[])prediction.Sigma.Clone();
        new Random(35).Shuffle(shuffled);
        var report = UncertaintyCalibration.Measure(truth, prediction with { Sigma = shuffled });
        // Under independence Spearman's rho has standard error 1/sqrt(N - 1).
        Assert.True(Math.Abs(report.SpearmanAbsoluteErrorSigma) < 4 / Math.Sqrt(N - 1), $"Spearman {report.SpearmanAbsoluteErrorSigma:F4}");
    }

    [Fact]
    public void BadCalibrationInputGetsOneSentence()
    {
        var prediction = new Prediction([1, 2], [0.1, 0]);
        var e = Assert.Throws<LearningInputException>(() => UncertaintyCalibration.Measure([1, 2, 3], prediction));
        Assert.Equal("the test split has 3 labels for 2 predictions; give one label per prediction", e.Message);
        e = Assert.Throws<LearningInputException>(() => UncertaintyCalibration.FitScale([1, 2], prediction));
        Assert.Equal("validation molecule 1 has the prediction 2 with sigma 0; calibration needs a finite mean and a positive sigma", e.Message);
    }

    /// <summary>Means 0, sigmas log-uniform over [0.1, 3], truths drawn from N(0, (factor σ)²).</summary>
    private static (double[] Truth, Prediction Prediction) Synthetic(int count, double sigmaFactor, int seed)
    {
        var random = new Random(seed);
        var sigma = Enumerable.Range(0, count).Select(_ => 0.1 * Math.Pow(30, random.NextDouble())).ToArray();
        var truth = sigma.Select(s => sigmaFactor * s * Normal.Sample(random, 0, 1)).ToArray();
        return (truth, new Prediction(new double[count], sigma));
    }
}
