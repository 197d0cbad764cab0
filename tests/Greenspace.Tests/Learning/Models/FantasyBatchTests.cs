using Greenspace.Learning;
using Greenspace.Learning.Datasets;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;
using Greenspace.Learning.Models;

namespace Greenspace.Tests.Learning.Models;

/// <summary>
/// A batch of fantasised acquisitions leaves the variances a refit would: on QM7 against a model refitted from scratch
/// with the fantasised molecules in its training sets, and on a 1-D function against a Gaussian process written out
/// from its definition; variances never grow, and a candidate the kernel cannot see is left as it was.
/// </summary>
public class FantasyBatchTests
{
    private static readonly Hyperparameters Coulomb = new(Kernel.Laplacian(1000), 1e-4);
    private static readonly Fidelity[] Ladder = [Qm7Dataset.Gfn2, Qm7Dataset.Dftb, Qm7Dataset.Pbe0];

    public static TheoryData<string> Batches => ["0@0", "1@2", "0@1 2@1", "0@0 3@2", "30@1", "33@2", "0@0 0@2", "1@2 4@1 5@0 6@2"];

    /// <summary>
    /// Candidates 0-29 are new molecules, 30-32 are in the GFN2 training set and 33-34 in the GFN2 and DFTB ones. A batch
    /// is "candidate@rung ...". The refit keeps the hyperparameters fixed; its signal variances s^2, fitted to other
    /// labels, differ, but a variance over s^2 does not depend on the labels, so each level's is rescaled to the
    /// batch's s^2 before comparing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Batches))]
    public void AddingToTheBatchLeavesTheVariancesOfARefitWithThoseMoleculesInTraining(string batch)
    {
        var qm7 = Qm7Data.Dataset;
        var order = Qm7Data.TrainingOrder();
        var pool = Qm7Data.CoulombMatrices;
        IReadOnlyList<double>[] labels = [qm7.Gfn2KcalPerMol, qm7.DftbKcalPerMol, qm7.Pbe0KcalPerMol];
        var design = NestedDesign.Prefixes(order, [30, 15, 6]);
        var choice = new HyperparameterChoice.Fixed(Coulomb);
        var model = MultiFidelityModel.Fit(pool, design, Ladder, labels, elementOffsets: false, choice);

        int[] candidates = [.. order[30..60], .. order[20..23], .. order[8..10]];
        // GFN2 is known at the candidates trained on it and at two new ones (computed since the fit); DFTB where trained.
        IReadOnlyList<double>[] known =
        [
            [.. candidates.Select((m, i) => i >= 30 || i is 7 or 8 ? qm7.Gfn2KcalPerMol[m] : double.NaN)],
            [.. candidates.Select((m, i) => i >= 33 ? qm7.DftbKcalPerMol[m] : double.NaN)],
        ];
        var fantasies = new FantasyBatch(model, candidates, known);

        // Before any fantasy, the model's own split of its variance.
        var start = model.PredictByLevel(pool.Subset(candidates), known);
        for (int i = 0; i < candidates.Length; i++)
            for (int l = 0; l < 3; l++)
                Assert.True(Math.Abs(fantasies.Contribution(l, i) - start.Contributions[l][i]) <= 1e-12 * start.Contributions[l][i],
                    $"candidate {i}, level {l}: {fantasies.Contribution(l, i):R} against {start.Contributions[l][i]:R}");

        var acquisitions = batch.Split(' ').Select(a => a.Split('@')).Select(p => (Candidate: int.Parse(p[0]), Rung: int.Parse(p[1]))).ToArray();
        foreach (var (candidate, rung) in acquisitions)
        {
            var before = LevelVariances(fantasies);
            fantasies.Add(candidate, rung);
            var after = LevelVariances(fantasies);
            for (int l = 0; l < 3; l++)
                for (int i = 0; i < candidates.Length; i++)
                    Assert.True(after[l][i] <= before[l][i], $"candidate {i}, level {l}: the variance grew from {before[l][i]:R} to {after[l][i]:R}");
            design = design.Acquire(candidates[candidate], rung);
        }

        var refit = MultiFidelityModel.Fit(pool, design, Ladder, labels, elementOffsets: false, choice);
        var features = pool.Features.Subset(candidates);
        for (int l = 0; l < 3; l++)
        {
            var gp = refit.Levels[l].Gp.Predict(features);
            double scale = model.Levels[l].Gp.SignalVariance / refit.Levels[l].Gp.SignalVariance;
            for (int i = 0; i < candidates.Length; i++)
            {
                double expected = gp.Sigma[i] * gp.Sigma[i] * scale;
                Assert.True(Math.Abs(fantasies.LevelVariance(l, i) - expected) <= 1e-8 * expected,
                    $"candidate {i}, level {l}: {fantasies.LevelVariance(l, i):R} after the batch, {expected:R} refitted");
            }
        }

        // An acquired candidate keeps about the noise at the levels it was added to, and its labels there are pending.
        foreach (var (candidate, rung) in acquisitions)
        {
            Assert.True(fantasies.KnownThrough(candidate) >= rung);
            Assert.Equal(fantasies.VarianceAfter(candidate, rung), fantasies.Variance(candidate));
            for (int l = 0; l <= rung; l++)
            {
                double noise = model.Levels[l].Gp.SignalVariance * Coulomb.Lambda;
                Assert.InRange(fantasies.LevelVariance(l, candidate), noise * (1 - 1e-9), 2 * noise * (1 + 1e-9));
            }
        }

        // The dearest level's variance: each level above the known or pending labels, weighted by rho^2 above it.
        int top = 2;
        for (int i = 0; i < candidates.Length; i++)
        {
            int knownThrough = Math.Max(i >= 33 ? 1 : i >= 30 || i is 7 or 8 ? 0 : -1, acquisitions.Where(a => a.Candidate == i).Select(a => a.Rung).DefaultIfEmpty(-1).Max());
            double weight = 1, expected = 0;
            for (int l = top; l > knownThrough; l--)
            {
                expected += weight * fantasies.LevelVariance(l, i);
                weight *= model.Levels[l].Rho * model.Levels[l].Rho;
            }
            Assert.Equal(knownThrough, fantasies.KnownThrough(i));
            Assert.True(Math.Abs(fantasies.Variance(i) - expected) <= 1e-12 * expected, $"candidate {i}: variance {fantasies.Variance(i):R} against {expected:R}");
        }
    }

    /// <summary>
    /// Forrester's two fidelities on [0, 1] (as in <see cref="MultiFidelityModelTests"/>) and a candidate at x = 10, which
    /// the Gaussian kernel (width 0.2) does not see at all. Each level is checked against the definition: the variance
    /// of a new observation is s^2 (k(z, z) - k(z, X)(K + λI)⁻¹k(X, z) + λ) with X the training points and the fantasies.
    /// </summary>
    [Fact]
    public void OnAOneDimensionalFunctionTheBatchIsTheGaussianProcessOfItsDefinitionAndAFarCandidateIsUntouched()
    {
        static double High(double x) => (6 * x - 2) * (6 * x - 2) * Math.Sin(12 * x - 4);
        static double Low(double x) => 0.5 * High(x) + 10 * (x - 0.5) - 5;
        double[] x = [.. Enumerable.Range(0, 11).Select(i => i / 10.0), .. Enumerable.Range(0, 10).Select(i => 0.05 + i / 10.0), 10];
        var pool = new MoleculeInputs(new VectorFeatures(new Matrix(x.Length, 1, x)), x.Select(_ => new Composition([1])));
        var hyperparameters = new Hyperparameters(Kernel.Gaussian(0.2), 1e-6);
        var choice = new HyperparameterChoice.Fixed(hyperparameters);
        int[][] training = [[.. Enumerable.Range(0, 11)], [0, 4, 6, 10]];
        var model = MultiFidelityModel.FitCheapest(pool, Qm7Dataset.Gfn2, training[0], [.. x.Select(Low)], elementOffsets: false, choice)
            .AddLevel(Qm7Dataset.Pbe0, training[1], [.. x.Select(High)], choice);

        int[] candidates = [.. Enumerable.Range(11, 11)];
        int far = 10;
        var fantasies = new FantasyBatch(model, candidates);
        double[] farBefore = [fantasies.LevelVariance(0, far), fantasies.LevelVariance(1, far)];

        // 0.35 at the dear rung, 0.75 at the cheap one, then 0.75 at the dear one too.
        (int Candidate, int Rung)[] acquisitions = [(3, 1), (7, 0), (7, 1)];
        var sets = training.Select(t => t.ToList()).ToArray();
        foreach (var (candidate, rung) in acquisitions)
        {
            fantasies.Add(candidate, rung);
            for (int l = 0; l <= rung; l++)
                if (!sets[l].Contains(candidates[candidate]))
                    sets[l].Add(candidates[candidate]);

            for (int l = 0; l < 2; l++)
            {
                double s2 = model.Levels[l].Gp.SignalVariance;
                for (int i = 0; i < candidates.Length; i++)
                {
                    double expected = s2 * DefinedVariance(x, sets[l], x[candidates[i]], 0.2, hyperparameters.Lambda);
                    Assert.True(Math.Abs(fantasies.LevelVariance(l, i) - expected) <= 1e-8 * expected,
                        $"after {candidate}@{rung}, candidate {i} (x = {x[candidates[i]]}), level {l}: {fantasies.LevelVariance(l, i):R} against {expected:R}");
                }
                Assert.Equal(farBefore[l], fantasies.LevelVariance(l, far));
            }
        }
        // Far from everything the variance is the prior's and the noise, s^2 (1 + λ), at both levels.
        for (int l = 0; l < 2; l++)
            Assert.Equal(model.Levels[l].Gp.SignalVariance * (1 + hyperparameters.Lambda), farBefore[l], 12);
    }

    [Fact]
    public void BadInputGetsOneSentence()
    {
        var qm7 = Qm7Data.Dataset;
        var pool = Qm7Data.CoulombMatrices;
        var model = MultiFidelityModel.FitCheapest(pool, Qm7Dataset.Gfn2, [1, 2, 3, 4, 5], qm7.Gfn2KcalPerMol, elementOffsets: false, new HyperparameterChoice.Fixed(Coulomb));

        var e = Assert.Throws<LearningInputException>(() => new FantasyBatch(model, [7, 8, 7]));
        Assert.Equal("molecule 7 is given twice as a candidate; give each candidate once", e.Message);
        e = Assert.Throws<LearningInputException>(() => new FantasyBatch(model, [7, 8000]));
        Assert.Equal("candidate 8000 lies outside the model's pool of 7101 molecules; give candidates as pool indices", e.Message);
        e = Assert.Throws<LearningInputException>(() => new FantasyBatch(model, [7, 8], [[1.0]]));
        Assert.Equal("1 known GFN2-xTB labels were given for 2 candidates; give one per candidate, NaN where not computed", e.Message);
        var batch = new FantasyBatch(model, [7, 8]);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => batch.Add(7, 0));
        Assert.StartsWith("candidates are numbered 0 to 1 (places in Candidates, not pool indices), not 7", range.Message);
    }

    private static double[][] LevelVariances(FantasyBatch fantasies) =>
        [.. Enumerable.Range(0, fantasies.LevelCount).Select(l => Enumerable.Range(0, fantasies.Count).Select(i => fantasies.LevelVariance(l, i)).ToArray())];

    /// <summary>k(z, z) - k(z, X)(K + λI)⁻¹k(X, z) + λ for the Gaussian kernel, by an unpivoted Cholesky written out here.</summary>
    private static double DefinedVariance(double[] x, IReadOnlyList<int> training, double z, double width, double lambda)
    {
        double K(double a, double b) => Math.Exp(-(a - b) * (a - b) / (2 * width * width));
        int n = training.Count;
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = K(x[training[i]], x[training[j]]) + (i == j ? lambda : 0);
                for (int k = 0; k < j; k++)
                    sum -= l[i, k] * l[j, k];
                l[i, j] = i == j ? Math.Sqrt(sum) : sum / l[j, j];
            }
        // v = L⁻¹ k(X, z) by forward substitution; k(z, X)(K + λI)⁻¹k(X, z) = v · v.
        var v = new double[n];
        double explained = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = K(x[training[i]], z);
            for (int k = 0; k < i; k++)
                sum -= l[i, k] * v[k];
            v[i] = sum / l[i, i];
            explained += v[i] * v[i];
        }
        return 1 - explained + lambda;
    }
}
