using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Models;

/// <summary>
/// Autoregressive co-kriging over fidelities with nested training sets (Kennedy and O'Hagan, Biometrika 87, 1 (2000)),
/// in the recursive form of Le Gratiet (SIAM/ASA J. Uncertain. Quantif. 1, 244 (2013)): a Gaussian process on the
/// cheapest fidelity, then at each dearer fidelity l
/// <code>
///   y_l(x) = rho_l y_(l-1)(x) + offsets_l(x) + delta_l(x)
/// </code>
/// with rho_l (and the per-element offsets, when fitted) from least squares at the molecules of level l, where the
/// cheaper label is known because the sets are nested (generalised least squares under delta_l's covariance, or the
/// estimate that cross-validates best, <see cref="EstimateRho"/>), and delta_l a Gaussian process on what remains.
/// Means and variances propagate: mu_l = rho_l mu_(l-1) + offsets_l + m_delta_l and
/// var_l = rho_l^2 var_(l-1) + var_delta_l.
/// </summary>
/// <remarks>
/// <para>The combination technique of multilevel / MFML models (Zaspel et al., J. Chem. Theory Comput. 15, 1546
/// (2019); Vinod et al. 2023) sums signed sub-models and has no variance of its own; co-kriging gives the
/// combination a Gaussian-process variance by construction, which acquisition needs.</para>
/// <para>A label already known at the predicted molecule (a cheap fidelity computed there) replaces that level's
/// prediction with variance zero; given y_(l-1)(x), y_l(x) no longer depends on cheaper levels (the Markov property
/// of the autoregressive model). Each level is fitted on its own, so a model can be grown one fidelity at a time
/// (<see cref="AddLevel"/>) and cheap levels can be shared by several dearer ones.</para>
/// <para>With every cheaper fidelity zero and no offsets, rho is 0 (the least-squares solution of least norm) and the
/// model is plain kernel ridge regression on the dearest fidelity.</para>
/// </remarks>
public sealed class MultiFidelityModel
{
    /// <summary>One fidelity's part of the model.</summary>
    /// <param name="Molecules">Its training molecules, as indices into the pool, ascending.</param>
    /// <param name="Labels">Its labels at <paramref name="Molecules"/>.</param>
    /// <param name="Rho">The factor on the cheaper level (0 at the cheapest, which has none).</param>
    /// <param name="Offsets">Per-element offsets of this level on top of rho times the cheaper one.</param>
    /// <param name="Gp">The Gaussian process of what rho and the offsets leave: the labels at level 0, delta_l above.</param>
    public sealed record Level(Fidelity Fidelity, ImmutableArray<int> Molecules, ImmutableArray<double> Labels, double Rho,
        ElementOffsets Offsets, KernelRidgeModel Gp, string HyperparameterChoice)
    {
        public int TrainingCount => Molecules.Length;

        /// <summary>How rho and the offsets were estimated (empty at the cheapest level).</summary>
        public string RhoEstimate { get; init; } = "";

        /// <summary>How the Gaussian process's signal variance was estimated.</summary>
        public SignalVarianceEstimate Variance { get; init; } = SignalVarianceEstimate.MaximumLikelihood;
    }

    private MultiFidelityModel(MoleculeInputs pool, bool elementOffsets, ImmutableArray<Level> levels)
    {
        Pool = pool;
        ElementOffsetsFitted = elementOffsets;
        Levels = levels;
    }

    /// <summary>The molecules the training sets are drawn from (indices in <see cref="Level.Molecules"/> point here).</summary>
    public MoleculeInputs Pool { get; }

    /// <summary>Cheapest first; the last is the fidelity the model predicts.</summary>
    public ImmutableArray<Level> Levels { get; }

    public bool ElementOffsetsFitted { get; }

    public Fidelity Target => Levels[^1].Fidelity;

    /// <summary>The training sets as a design (nested by construction).</summary>
    public NestedDesign Design => NestedDesign.FromSets([.. Levels.Select(l => l.Molecules.AsEnumerable())]);

    /// <summary>
    /// Fits every level of <paramref name="design"/>: level l learns <paramref name="fidelities"/>[l] from
    /// <paramref name="labels"/>[l] (one number per pool molecule, read only where the design acquired it).
    /// </summary>
    /// <exception cref="LearningInputException">for fidelities on different scales, counts that disagree, a missing label at an acquired molecule, or an empty level.</exception>
    public static MultiFidelityModel Fit(MoleculeInputs pool, NestedDesign design, IReadOnlyList<Fidelity> fidelities,
        IReadOnlyList<IReadOnlyList<double>> labels, bool elementOffsets, HyperparameterChoice hyperparameters)
    {
        if (fidelities.Count != design.LevelCount || labels.Count != design.LevelCount)
            throw new LearningInputException($"the design has {design.LevelCount} fidelity levels but {fidelities.Count} fidelities and {labels.Count} label sets were given; give one fidelity and one label set per level, cheapest first");
        var model = FitCheapest(pool, fidelities[0], design.At(0), labels[0], elementOffsets, hyperparameters);
        for (int l = 1; l < design.LevelCount; l++)
            model = model.AddLevel(fidelities[l], design.At(l), labels[l], hyperparameters);
        return model;
    }

    /// <summary>A one-level model: a Gaussian process (after offsets, if fitted) on the cheapest fidelity.</summary>
    /// <param name="labels">One number per pool molecule, read only at <paramref name="molecules"/>.</param>
    public static MultiFidelityModel FitCheapest(MoleculeInputs pool, Fidelity fidelity, IEnumerable<int> molecules,
        IReadOnlyList<double> labels, bool elementOffsets, HyperparameterChoice hyperparameters)
    {
        var set = molecules.ToImmutableSortedSet().ToImmutableArray();
        var y = Acquired(pool, fidelity, set, labels);
        var compositions = set.Select(i => pool.Compositions[i]).ToList();
        var offsets = elementOffsets ? ElementOffsets.Fit(compositions, y) : ElementOffsets.None;
        var residual = y.Select((v, k) => v - offsets.Of(compositions[k])).ToArray();
        var features = pool.Features.Subset(set);
        // Chosen and factorised only when first asked to predict: a campaign that computes the cheapest rung everywhere
        // never asks (a 5-fold search over 1,000 of QM7's 6,771 molecules took 1.2 s of each campaign).
        var level = new Level(fidelity, set, [.. y], 0, offsets, KernelRidge.FitDeferred(features, residual, () => hyperparameters.Choose(features, residual)), hyperparameters.Describe());
        return new MultiFidelityModel(pool, elementOffsets, [level]);
    }

    /// <summary>
    /// This model with one dearer fidelity on top, learnt at <paramref name="molecules"/>, which must all be training
    /// molecules of the current top level (nested sets). The cheaper levels are kept as they are.
    /// </summary>
    /// <param name="labels">One number per pool molecule, read only at <paramref name="molecules"/>.</param>
    /// <param name="fixedRho">rho given rather than estimated (1: Delta-learning on the cheaper level); the offsets are then
    /// fitted by ordinary least squares to what it leaves.</param>
    /// <param name="variance">How delta's signal variance is estimated (it scales every variance this level adds).</param>
    public MultiFidelityModel AddLevel(Fidelity fidelity, IEnumerable<int> molecules, IReadOnlyList<double> labels, HyperparameterChoice hyperparameters,
        double? fixedRho = null, SignalVarianceEstimate variance = SignalVarianceEstimate.MaximumLikelihood)
    {
        var below = Levels[^1];
        if (Levels.Any(l => l.Fidelity == fidelity))
            throw new LearningInputException($"{fidelity} is already a level of this model; give each fidelity once, cheapest first");
        if (fidelity.ScaleMismatch(below.Fidelity, ElementOffsetsFitted) is { } mismatch)
            throw new LearningInputException($"{fidelity} cannot stack on {below.Fidelity}: {mismatch}");
        var set = molecules.ToImmutableSortedSet().ToImmutableArray();
        var position = below.Molecules.Select((m, k) => (m, k)).ToDictionary(p => p.m, p => p.k);
        foreach (int m in set)
            if (!position.ContainsKey(m))
                throw new LearningInputException($"molecule {m} is acquired at {fidelity} but not at the cheaper {below.Fidelity}; "
                    + "training sets must be nested (acquiring a molecule at a fidelity acquires it at every cheaper one): add it there too");
        var y = Acquired(Pool, fidelity, set, labels);
        var cheaper = set.Select(m => below.Labels[position[m]]).ToArray();
        var compositions = set.Select(i => Pool.Compositions[i]).ToList();

        // y_l on [y_(l-1), element counts] (or [y_(l-1), 1] without offsets, the constant then left to the GP's mean).
        var elements = ElementOffsetsFitted ? ElementOffsets.ElementsOf(compositions) : [];
        var columns = new List<double[]> { cheaper };
        columns.AddRange(ElementOffsetsFitted ? ElementOffsets.CountColumns(compositions, elements) : [Enumerable.Repeat(1.0, set.Length).ToArray()]);

        var features = Pool.Features.Subset(set);
        var (estimate, coefficients, chosen) = fixedRho is { } given
            ? FixRho(features, columns, y, given, hyperparameters)
            : EstimateRho(features, columns, y, hyperparameters);
        double rho = coefficients[0];
        var offsets = ElementOffsetsFitted
            ? new ElementOffsets(elements.Select((z, k) => (z, k)).ToDictionary(p => p.z, p => coefficients[1 + p.k]))
            : ElementOffsets.None;
        var residual = y.Select((v, k) => v - rho * cheaper[k] - offsets.Of(compositions[k])).ToArray();
        var level = new Level(fidelity, set, [.. y], rho, offsets, KernelRidge.FitDeferred(features, residual, chosen, variance), hyperparameters.Describe())
        {
            RhoEstimate = estimate,
            Variance = variance,
        };
        return new MultiFidelityModel(Pool, ElementOffsetsFitted, Levels.Add(level));
    }

    /// <summary>
    /// rho and the offsets (the coefficients of <paramref name="columns"/>, the cheaper labels first), with delta's
    /// hyperparameters. Generalised least squares under delta's covariance is the co-kriging estimate (Kennedy and
    /// O'Hagan's beta; ordinary least squares would fold into rho any smooth trend delta can carry). With a
    /// cross-validated choice, three estimates compete on the cross-validated MAE of what each leaves to delta:
    /// generalised and ordinary least squares, and rho = 1 (Delta-learning). On QM7 the choice matters: atomization
    /// energies are nearly linear in the element counts, so rho is barely determined by the data, and under FCHL19's
    /// sharp atom-sum kernel generalised least squares cross-validated at 2.26 kcal/mol against 0.84 for ordinary least
    /// squares (PBE0 on DFTB, split 3, N = 1,000); choosing by cross-validation took the test MAE from 1.70 to 0.74.
    /// </summary>
    private static (string Estimate, double[] Coefficients, Hyperparameters Chosen) EstimateRho(FeatureSet features, List<double[]> columns, double[] y,
        HyperparameterChoice hyperparameters)
    {
        var ordinary = LeastSquares.MinimumNorm(columns, y);
        var (afterOrdinary, ordinaryScore) = hyperparameters.Search(features, Residual(y, columns, ordinary));
        var generalised = GeneralisedLeastSquares(features, afterOrdinary, columns, y);
        if (ordinaryScore is null)
            return ("generalised least squares", generalised, afterOrdinary);

        double[] delta = GivenRho(columns, y, 1);
        RhoCandidate Scored(string estimate, double[] coefficients)
        {
            var (chosen, score) = hyperparameters.Search(features, Residual(y, columns, coefficients));
            return new(estimate, coefficients, chosen, score ?? double.PositiveInfinity);
        }
        RhoCandidate[] fittedRho = [new("ordinary least squares", ordinary, afterOrdinary, ordinaryScore.Value), Scored("generalised least squares", generalised)];
        var deltaLearning = Scored("fixed at 1 (Delta-learning)", delta);

        // One standard error (Breiman's rule): Delta-learning has one coefficient fewer, so a fitted rho must beat its
        // cross-validated MAE by more than that MAE's standard error, sqrt(pi/2 - 1) (about 0.755) times the MAE over
        // sqrt(n) for normal errors. On a few labels CV cannot tell the estimates apart, and a rho fitted to them swings
        // (0.78 to 1.23 over the first five batches of a QM7 campaign, scaling isomer energy differences of tens of kcal/mol).
        double standardError = Math.Sqrt(Math.PI / 2 - 1) * deltaLearning.Score / Math.Sqrt(hyperparameters.ValidatedMolecules(features.Count));
        var fitted = fittedRho.MinBy(c => c.Score);
        var best = fitted.Score < deltaLearning.Score - standardError ? fitted : deltaLearning;
        return (string.Create(CultureInfo.InvariantCulture, $"{best.Estimate}, chosen by cross-validated MAE (one standard error in favour of rho = 1) over {string.Join(", ", fittedRho.Append(deltaLearning).Select(c => $"{c.Estimate.Split(" (")[0]} {c.Score:F3}"))}"),
            best.Coefficients, best.Chosen);
    }

    /// <summary>rho as given: the other columns (offsets or a constant) fitted to y_l - rho y_(l-1) by ordinary least squares.</summary>
    private static double[] GivenRho(List<double[]> columns, double[] y, double rho)
    {
        var difference = y.Select((v, i) => v - rho * columns[0][i]).ToArray();
        return [rho, .. LeastSquares.MinimumNorm(columns[1..], difference)];
    }

    private static (string Estimate, double[] Coefficients, Hyperparameters Chosen) FixRho(FeatureSet features, List<double[]> columns, double[] y,
        double rho, HyperparameterChoice hyperparameters)
    {
        var coefficients = GivenRho(columns, y, rho);
        return (string.Create(CultureInfo.InvariantCulture, $"fixed at {rho} (given)"), coefficients, hyperparameters.Choose(features, Residual(y, columns, coefficients)));
    }

    /// <summary>An estimate of rho and the offsets, with delta's hyperparameters and the cross-validated MAE of what it leaves to delta.</summary>
    private readonly record struct RhoCandidate(string Estimate, double[] Coefficients, Hyperparameters Chosen, double Score);

    /// <summary>
    /// beta minimising (y - H beta)^T (K + lambda I)^-1 (y - H beta): ordinary least squares on the data whitened by the
    /// Cholesky factor L of K + lambda I (L^-1 H, L^-1 y), the shortest solution where columns are dependent.
    /// </summary>
    private static double[] GeneralisedLeastSquares(FeatureSet features, Hyperparameters hyperparameters, IReadOnlyList<double[]> columns, double[] y)
    {
        var gram = features.UpperKernel(hyperparameters.Kernel);
        gram.AddToDiagonal(hyperparameters.Lambda);
        var factor = CholeskyFactor.FactorInPlace(gram);
        var whitened = Matrix.FromRows([.. columns, y]);
        factor.SolveLower(whitened);
        return LeastSquares.MinimumNorm([.. Enumerable.Range(0, columns.Count).Select(j => whitened.Row(j).ToArray())], whitened.Row(columns.Count).ToArray());
    }

    private static double[] Residual(double[] y, IReadOnlyList<double[]> columns, double[] coefficients) =>
        [.. y.Select((v, i) => v - columns.Select((c, j) => c[i] * coefficients[j]).Sum())];

    /// <summary>
    /// The dearest fidelity (or <paramref name="level"/>) at <paramref name="molecules"/>, with the propagated sigma.
    /// <paramref name="known"/>[l], when given, holds level l's labels already computed at these molecules (NaN where
    /// not): such a label replaces that level's prediction, with variance zero.
    /// </summary>
    /// <exception cref="LearningInputException">for known labels of the wrong count, an element without an offset, or features the model cannot read.</exception>
    public Prediction Predict(MoleculeInputs molecules, IReadOnlyList<IReadOnlyList<double>?>? known = null, int? level = null)
    {
        int top = TopLevel(level);
        known = CheckKnown(molecules.Count, known, top);
        bool Known(int l, int i) => l < known.Count && known[l] is { } given && double.IsFinite(given[i]);

        // Which molecules each level's Gaussian process must predict: all at the top, and below only where the level
        // above needs a value that is not already known.
        var needed = new List<int>[top + 1];
        needed[top] = [.. Enumerable.Range(0, molecules.Count)];
        for (int l = top; l > 0; l--)
            needed[l - 1] = [.. needed[l].Where(i => !Known(l - 1, i))];

        var mean = new double[molecules.Count];
        var variance = new double[molecules.Count];
        for (int l = 0; l <= top; l++)
        {
            var at = Levels[l];
            CheckOffsets(at, molecules, needed[l]);
            var gp = needed[l].Count == 0 ? new Prediction([], []) : at.Gp.Predict(molecules.Features.Subset(needed[l]));
            var nextMean = new double[molecules.Count];
            var nextVariance = new double[molecules.Count];
            for (int k = 0; k < needed[l].Count; k++)
            {
                int i = needed[l][k];
                double cheaperMean = 0, cheaperVariance = 0;
                if (l > 0)
                    (cheaperMean, cheaperVariance) = Known(l - 1, i) ? (known[l - 1]![i], 0.0) : (mean[i], variance[i]);
                nextMean[i] = at.Rho * cheaperMean + at.Offsets.Of(molecules.Compositions[i]) + gp.Mean[k];
                nextVariance[i] = at.Rho * at.Rho * cheaperVariance + gp.Sigma[k] * gp.Sigma[k];
            }
            mean = nextMean;
            variance = nextVariance;
        }
        return new Prediction(mean, [.. variance.Select(Math.Sqrt)]);
    }

    /// <summary>
    /// <see cref="Predict"/> with the variance split by level (<see cref="LevelVariances"/>): from it follows the variance
    /// left at each molecule once its labels at levels 0..r are known, for every rung r. Known labels are read as
    /// Predict reads them.
    /// </summary>
    /// <exception cref="LearningInputException">as for <see cref="Predict"/>.</exception>
    public LevelVariances PredictByLevel(MoleculeInputs molecules, IReadOnlyList<IReadOnlyList<double>?>? known = null, int? level = null)
    {
        int top = TopLevel(level);
        known = CheckKnown(molecules.Count, known, top);
        int n = molecules.Count;

        // The dearest known level below the top at each molecule: its label stands in for everything cheaper (Markov).
        var knownThrough = new int[n];
        for (int i = 0; i < n; i++)
        {
            knownThrough[i] = -1;
            for (int l = Math.Min(known.Count, top) - 1; l >= 0 && knownThrough[i] < 0; l--)
                if (known[l] is { } given && double.IsFinite(given[i]))
                    knownThrough[i] = l;
        }

        var mean = new double[n];
        var contributions = new double[top + 1][];
        for (int l = 0; l <= top; l++)
        {
            var at = Levels[l];
            int[] needed = [.. Enumerable.Range(0, n).Where(i => knownThrough[i] < l)];
            CheckOffsets(at, molecules, needed);
            var gp = needed.Length == 0 ? new Prediction([], []) : at.Gp.Predict(molecules.Features.Subset(needed));
            double weight = PropagationWeight(l, top);
            var next = new double[n];
            contributions[l] = new double[n];
            for (int k = 0; k < needed.Length; k++)
            {
                int i = needed[k];
                double cheaper = l == 0 ? 0 : knownThrough[i] == l - 1 ? known[l - 1]![i] : mean[i];
                next[i] = at.Rho * cheaper + at.Offsets.Of(molecules.Compositions[i]) + gp.Mean[k];
                contributions[l][i] = weight * gp.Sigma[k] * gp.Sigma[k];
            }
            mean = next;
        }
        return new LevelVariances(mean, contributions);
    }

    /// <summary>
    /// The factor on level <paramref name="level"/>'s variance in level <paramref name="top"/>'s: the product of rho_k^2
    /// over the levels k above it, up to the top (1 at the top itself).
    /// </summary>
    internal double PropagationWeight(int level, int top)
    {
        double weight = 1;
        for (int k = level + 1; k <= top; k++)
            weight *= Levels[k].Rho * Levels[k].Rho;
        return weight;
    }

    private int TopLevel(int? level)
    {
        int top = level ?? Levels.Length - 1;
        return top >= 0 && top < Levels.Length ? top
            : throw new LearningInputException($"this model has fidelity levels 0 to {Levels.Length - 1}, not {top}");
    }

    /// <summary>Known labels as a prediction of level <paramref name="top"/> at <paramref name="count"/> molecules reads them (none when null).</summary>
    private IReadOnlyList<IReadOnlyList<double>?> CheckKnown(int count, IReadOnlyList<IReadOnlyList<double>?>? known, int top)
    {
        known ??= [];
        if (known.Count > top)
            throw new LearningInputException($"known labels were given for {known.Count} levels, but only the {top} levels below {Levels[top].Fidelity} can inform its prediction");
        for (int l = 0; l < known.Count; l++)
            if (known[l] is { } given && given.Count != count)
                throw new LearningInputException($"{given.Count} known {Levels[l].Fidelity} labels were given for {count} molecules; give one per molecule, NaN where not computed");
        return known;
    }

    private static void CheckOffsets(Level at, MoleculeInputs molecules, IEnumerable<int> needed)
    {
        foreach (int i in needed)
            if (at.Offsets.Problem(molecules.Compositions[i]) is { } problem)
                throw new LearningInputException($"the multi-fidelity model cannot predict {at.Fidelity} at molecule {i} ({molecules.Compositions[i]}): {problem}");
    }

    /// <summary>A few lines for a model card.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(c, $"multi-fidelity model (autoregressive co-kriging, recursive): {string.Join(" -> ", Levels.Select(l => $"{l.Fidelity} ({l.TrainingCount:N0})"))}, nested training sets");
        for (int l = 0; l < Levels.Length; l++)
        {
            var level = Levels[l];
            text.Append(c, $"  {level.Fidelity}: ");
            if (l > 0)
                text.Append(c, $"rho {level.Rho:F4} ({level.RhoEstimate}) x {Levels[l - 1].Fidelity} + ");
            if (level.Gp.HyperparametersChosen)
                text.AppendLine(c, $"offsets {level.Offsets.Describe(level.Fidelity.Unit)}; GP {level.Gp.Hyperparameters}, chosen by {level.HyperparameterChoice}{(level.Variance == SignalVarianceEstimate.LeaveOneOut ? "; signal variance by leave-one-out" : "")}");
            else
                text.AppendLine(c, $"offsets {level.Offsets.Describe(level.Fidelity.Unit)}; GP not fitted so far (its labels were known wherever it was asked), its hyperparameters to be chosen by {level.HyperparameterChoice} when first needed");
        }
        text.AppendLine(c, $"  scale: {string.Join(", ", Levels.Select(l => $"{l.Fidelity} at {Fidelity.Describe(l.Fidelity.Zero)}"))}");
        return text.ToString();
    }

    /// <summary>The labels at the acquired molecules, each checked.</summary>
    private static double[] Acquired(MoleculeInputs pool, Fidelity fidelity, ImmutableArray<int> set, IReadOnlyList<double> labels)
    {
        if (labels.Count != pool.Count)
            throw new LearningInputException($"{labels.Count} {fidelity} labels were given for a pool of {pool.Count} molecules; give one per pool molecule (NaN where not computed)");
        if (set.IsEmpty)
            throw new LearningInputException($"no molecule is acquired at {fidelity}; a multi-fidelity model needs at least one at each fidelity");
        if (set[0] < 0 || set[^1] >= pool.Count)
            throw new LearningInputException($"the design names molecule {(set[0] < 0 ? set[0] : set[^1])} at {fidelity}, outside the pool of {pool.Count} molecules");
        var y = new double[set.Length];
        for (int k = 0; k < set.Length; k++)
        {
            y[k] = labels[set[k]];
            if (!double.IsFinite(y[k]))
                throw new LearningInputException($"molecule {set[k]} is acquired at {fidelity} but its label is missing ({y[k]}); compute it or take the molecule out of the design");
        }
        return y;
    }
}
