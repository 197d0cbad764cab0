using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;
using MathNet.Numerics.Distributions;

namespace Greenspace.Campaigns;

/// <summary>How a campaign run differs from its spec: the reference policy, or a variant the report compares it with.</summary>
public enum CampaignVariant
{
    /// <summary>The spec as written: acquisition on the target's posterior, the rung by variance reduction per predicted kWh.</summary>
    Reference,

    /// <summary>Every rung costs the same when the rung is chosen.</summary>
    CostBlind,

    /// <summary>Only the target rung is acquired and learnt (rungs that give its geometry still run).</summary>
    SingleFidelity,

    /// <summary>Molecules drawn at random, labelled at the target rung.</summary>
    Random,

    /// <summary>Single-fidelity, the best predicted mean first, no uncertainty (a MolPAL-like greedy baseline).</summary>
    Greedy,
}

public static class CampaignVariants
{
    /// <summary>
    /// Whether the variant acquires and learns the target rung alone (rungs that give its geometry still run). Random
    /// selection keeps the multi-fidelity surrogate and nested rungs, so that it differs from the policy only in how it chooses.
    /// </summary>
    public static bool LearnsTargetOnly(this CampaignVariant variant) => variant is CampaignVariant.SingleFidelity or CampaignVariant.Greedy;
}

/// <summary>One acquisition: a molecule (library position), the rung chosen for it, and what the surrogate said.</summary>
public sealed record Pick(int Molecule, int Rung, double Acquisition, double? Mean, double? Sigma, double PredictedKwh);

/// <summary>
/// The reference acquisition policy: the molecule by the acquisition function on the target fidelity's posterior
/// (expected improvement, UCB, Thompson; within its group where the objective has groups); then, for that molecule,
/// the rung not yet computed that removes the most target variance per predicted kWh, counting every cheaper rung it
/// brings with it (training sets stay nested). Costs 100 to 1000 times apart make this "cheap first".
/// </summary>
public sealed class AcquisitionPolicy(CampaignSpec spec, Ladder ladder, CampaignSurrogate surrogate, RungCosts costs, CampaignVariant variant, ISet<int> heldOut)
{
    private bool TargetOnly => variant.LearnsTargetOnly();

    /// <summary>
    /// Whether acquisition values are divided by the molecule's predicted kWh: as the spec says, except where all costs
    /// are equal (cost-blind) and for the greedy baseline, whose value (a predicted mean) is not a gain to be had per kWh.
    /// </summary>
    private bool PerKwh => spec.Acquisition.PerKwh && variant is not (CampaignVariant.CostBlind or CampaignVariant.Greedy);

    // The library does not change during a campaign, so neither do its groups.
    private string[]? _groups;

    /// <summary>Whether the molecule can still be acquired at the target: not known there, nothing it needs failed, not held out.</summary>
    public bool Available(CampaignState state, int molecule)
    {
        if (heldOut.Contains(molecule) || state.Settled(ladder.Target, molecule))
            return false;
        foreach (int rung in Prerequisites(ladder.Target))
            if (state.Failed[rung][molecule])
                return false;
        return true;
    }

    /// <summary>Every molecule that can still be acquired at the target (<see cref="Available"/>), in library order.</summary>
    private List<int> AvailableMolecules(CampaignState state) =>
        [.. Enumerable.Range(0, state.Library.Molecules.Length).Where(m => Available(state, m))];

    /// <summary>The objective's sign (1 to minimise, -1 to maximise) and the posterior made "lower is better": signed means and sigmas.</summary>
    private (double Sign, double[] Mu, double[] Sigma) Minimising(double[] mean, double[] variance)
    {
        double sign = spec.Objective.Goal == ObjectiveGoal.Maximise ? -1 : 1;
        return (sign, [.. mean.Select(m => sign * m)], [.. variance.Select(v => Math.Sqrt(Math.Max(v, 1e-18)))]);
    }

    /// <summary>The rungs that must be known before <paramref name="rung"/> runs at a molecule, cheapest first, itself last.</summary>
    public IReadOnlyList<int> Prerequisites(int rung)
    {
        if (!TargetOnly)
            return [.. Enumerable.Range(0, rung + 1)];
        var chain = new List<int> { rung };
        for (int? g = ladder.GeometryRung(rung); g is { } geometry; g = ladder.GeometryRung(geometry))
            chain.Insert(0, geometry);
        return chain;
    }

    /// <summary>The steps to acquire <paramref name="molecule"/> at <paramref name="rung"/>: every prerequisite not yet known, cheapest first.</summary>
    public IReadOnlyList<int> StepsFor(CampaignState state, int molecule, int rung) =>
        [.. Prerequisites(rung).Where(r => !state.Settled(r, molecule))];

    /// <summary>Molecules far apart in the representation (farthest-point sampling from a seeded first pick).</summary>
    public IReadOnlyList<int> Diverse(CampaignState state, int count, Random random)
    {
        var candidates = AvailableMolecules(state);
        var chosen = new List<int>();
        if (candidates.Count == 0 || count <= 0)
            return chosen;
        var features = surrogate.Pool.Features;
        var kernel = Kernel.Laplacian(1.0);
        var nearest = new double[features.Count];
        int next = candidates[random.Next(candidates.Count)];
        while (true)
        {
            chosen.Add(next);
            if (chosen.Count >= Math.Min(count, candidates.Count))
                return chosen;
            var similarity = KernelMatrix.Between(kernel, features, features.Subset([next]));
            for (int i = 0; i < nearest.Length; i++)
                nearest[i] = Math.Max(nearest[i], similarity[i, 0]);
            next = candidates.Where(m => !chosen.Contains(m)).MinBy(m => nearest[m]);
        }
    }

    /// <summary>
    /// Molecules that together bring every element no molecule known at the target has (fewest first: each pick the
    /// available molecule with the most such elements, the first in library order among equals): the per-element
    /// offsets, and so the surrogate, can predict a molecule only once its elements have been seen. None are needed
    /// when values are compared only within formulas (<see cref="ObjectiveSpec.ComparesWithinFormula"/>).
    /// </summary>
    public IReadOnlyList<int> CoverElements(CampaignState state)
    {
        if (spec.Objective.ComparesWithinFormula)
            return [];
        var seen = new HashSet<int>(Enumerable.Range(0, state.Library.Molecules.Length)
            .Where(m => state.Known(ladder.Target, m)).SelectMany(m => state.Library.Molecules[m].Molecule.AtomicNumbers));
        var unseen = AvailableMolecules(state)
            .Select(m => (Molecule: m, Elements: state.Library.Molecules[m].Molecule.AtomicNumbers.Where(z => !seen.Contains(z)).ToHashSet()))
            .Where(c => c.Elements.Count > 0).ToList();
        var picks = new List<int>();
        while (unseen.Count > 0)
        {
            var best = unseen.MaxBy(c => c.Elements.Count);
            picks.Add(best.Molecule);
            var brought = best.Elements.ToList();
            unseen = [.. unseen.Where(c => c.Molecule != best.Molecule).Select(c => (c.Molecule, Elements: c.Elements.Except(brought).ToHashSet())).Where(c => c.Elements.Count > 0)];
        }
        return picks;
    }

    /// <summary>
    /// A funnel stage: the molecules that go up to rung <paramref name="stage"/>, chosen on a surrogate of the rungs
    /// below it (a known label counts as it is): the best predicted fraction of each group (of the library without
    /// groups), then the most uncertain of the rest. Empty when the surrogate cannot be fitted yet.
    /// </summary>
    public IReadOnlyList<Pick> FunnelStage(CampaignState state, int stage)
    {
        var rungs = Enumerable.Range(0, stage).ToList();
        var candidates = Enumerable.Range(0, state.Library.Molecules.Length)
            .Where(m => !heldOut.Contains(m) && !state.Settled(stage, m) && !rungs.Any(r => state.Failed[r][m])).ToList();
        if (candidates.Count == 0 || surrogate.Fit(state, rungs) is not { } model)
            return [];
        var (mean, variance, absolute) = surrogate.Predict(model, state, candidates, rungs, spec.Objective.ComparesWithinFormula);
        var known = state.Labels[stage - 1];
        for (int k = 0; k < candidates.Count; k++)
            if (double.IsFinite(known[candidates[k]]))
                (mean[k], variance[k]) = (known[candidates[k]], 0);
        double sign = spec.Objective.Goal == ObjectiveGoal.Maximise ? -1 : 1;
        var value = spec.Objective.Goal == ObjectiveGoal.Window
            ? mean.Select(m => Math.Abs(m - 0.5 * (spec.Objective.Low!.Value + spec.Objective.High!.Value))).ToArray()
            : mean.Select(m => sign * m).ToArray();
        var groupOf = Groups(state);
        double fraction = spec.Acquisition.Funnel[stage - 1];
        var chosen = new List<int>();
        foreach (var group in Enumerable.Range(0, candidates.Count).GroupBy(k => groupOf[candidates[k]]))
        {
            int groupSize = state.Library.Molecules.Count(m => m.Formula == group.Key || spec.Objective.GroupBy == ObjectiveGrouping.None);
            int keep = Math.Max(1, (int)Math.Ceiling(fraction * groupSize));
            chosen.AddRange(group.OrderBy(k => value[k]).ThenBy(k => candidates[k]).Take(keep));
        }
        int uncertain = (int)Math.Round(spec.Acquisition.FunnelUncertain * state.Library.Molecules.Length);
        var taken = chosen.ToHashSet();
        chosen.AddRange(Enumerable.Range(0, candidates.Count).Where(k => !taken.Contains(k)).OrderByDescending(k => variance[k]).ThenBy(k => candidates[k]).Take(uncertain));
        return [.. chosen.Select(k => new Pick(candidates[k], stage, -value[k], absolute[k] ? mean[k] : null, Math.Sqrt(variance[k]), Cost(state, candidates[k], stage)))];
    }

    /// <summary>Up to <paramref name="count"/> picks for the next batch, best first, each a different molecule.</summary>
    public IReadOnlyList<Pick> Choose(MultiFidelityModel? model, CampaignState state, int count, Random random)
    {
        var candidates = AvailableMolecules(state);
        if (candidates.Count == 0 || count <= 0)
            return [];
        // A molecule with an element the target has not seen cannot be predicted: such molecules go first (a failed
        // calculation can leave an element unseen after the start).
        var uncovered = CoverElements(state);
        if (uncovered.Count > 0)
            return [.. uncovered.Take(count).Select(m => new Pick(m, ladder.Target, double.PositiveInfinity, null, null, Cost(state, m, ladder.Target)))];
        if (model is null && variant != CampaignVariant.Random)
            return CheaperRanking(state, candidates, count, random)
                ?? [.. Diverse(state, count, random).Select(m => new Pick(m, ladder.Target, double.NaN, null, null, Cost(state, m, ladder.Target)))];
        if (variant == CampaignVariant.Random || model is null)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(candidates));
            return [.. candidates.Take(count).Select(m => new Pick(m, ladder.Target, double.NaN, null, null, Cost(state, m, ladder.Target)))];
        }

        // Greedy fill with variance-only updates: each pick is fantasised into the model (at its rung and every cheaper
        // level, without a label), which lowers its neighbours' variances before the next pick is scored.
        var (mean, _, absolute) = surrogate.Predict(model, state, candidates, withinFormula: spec.Objective.ComparesWithinFormula);
        var fantasy = new FantasyBatch(model, candidates, surrogate.KnownLabels(state, candidates));
        // For "learn", a molecule is worth the target variance its label removes summed over the library (held-out
        // molecules included), not its own variance, which favours outliers.
        IntegratedVariance? integrated = null;
        int[] inSet = [];
        if (spec.Objective.Goal == ObjectiveGoal.Learn)
        {
            var set = Enumerable.Range(0, state.Library.Molecules.Length).Where(m => !state.Settled(ladder.Target, m)).ToList();
            var place = set.Select((m, i) => (m, i)).ToDictionary(p => p.m, p => p.i);
            integrated = new IntegratedVariance(model, set);
            inSet = [.. candidates.Select(m => place[m])];
        }
        var taken = new bool[candidates.Count];
        var picks = new List<Pick>();
        var draws = Draws(candidates.Count, random);
        while (picks.Count < Math.Min(count, candidates.Count))
        {
            var variance = Enumerable.Range(0, candidates.Count).Select(fantasy.Variance).ToArray();
            var score = integrated is null ? Score(state, candidates, mean, variance, random, draws)
                : [.. Enumerable.Range(0, candidates.Count).Select(k => integrated.Reduction(inSet[k]))];
            if (PerKwh)
                for (int i = 0; i < score.Length; i++)
                    score[i] /= Math.Max(Cost(state, candidates[i], ladder.Target), 1e-15);
            int k = Enumerable.Range(0, candidates.Count).Where(i => !taken[i]).OrderByDescending(i => score[i]).ThenBy(i => candidates[i]).First();
            taken[k] = true;
            int molecule = candidates[k];
            int level = ChooseLevel(state, molecule, variance[k], [.. Enumerable.Range(0, fantasy.LevelCount).Select(l => fantasy.VarianceAfter(k, l))]);
            int rung = surrogate.LevelRungs[level];
            picks.Add(new Pick(molecule, rung, score[k], absolute[k] ? mean[k] : null, Math.Sqrt(variance[k]), Cost(state, molecule, rung)));
            fantasy.Add(k, level);
            if (integrated is not null && rung == ladder.Target)
                integrated.Add(inSet[k]);
        }
        return picks;
    }

    /// <summary>
    /// Before the target has labels enough to learn from (a cold start without a diverse pick), a campaign whose values
    /// are compared only within formulas takes the cheaper rungs' prediction as the target's, as a funnel would (a
    /// label known there counts as it is): the best <paramref name="count"/> by the acquisition function, at the target.
    /// Null when there is no cheaper rung or it cannot be fitted either.
    /// </summary>
    private List<Pick>? CheaperRanking(CampaignState state, List<int> candidates, int count, Random random)
    {
        var rungs = surrogate.LevelRungs.SkipLast(1).ToList();
        if (!RanksByCheaperRungs(state))
            return null;
        // Labels known at every candidate (the cheapest rung computed everywhere) need no model.
        var known = state.Labels[rungs[^1]];
        double[] mean = [.. candidates.Select(m => known[m])], variance = new double[candidates.Count];
        var unknown = Enumerable.Range(0, candidates.Count).Where(k => !double.IsFinite(mean[k])).ToList();
        if (unknown.Count > 0)
        {
            if (surrogate.Fit(state, rungs) is not { } cheaper)
                return null;
            var predicted = surrogate.Predict(cheaper, state, [.. unknown.Select(k => candidates[k])], rungs, withinFormula: true);
            for (int j = 0; j < unknown.Count; j++)
                (mean[unknown[j]], variance[unknown[j]]) = (predicted.Mean[j], predicted.Variance[j]);
        }
        var score = Score(state, candidates, mean, variance, random, Draws(candidates.Count, random));
        return [.. Enumerable.Range(0, candidates.Count).OrderByDescending(k => score[k]).ThenBy(k => candidates[k]).Take(count)
            .Select(k => new Pick(candidates[k], ladder.Target, score[k], null, null, Cost(state, candidates[k], ladder.Target)))];
    }

    /// <summary>
    /// Whether, without a model of the target, the batch is chosen on the cheaper rungs' (see <see cref="CheaperRanking"/>):
    /// only while the target has no label at all, which would otherwise be compared with cheaper-rung values in its group.
    /// </summary>
    public bool RanksByCheaperRungs(CampaignState state) =>
        spec.Objective.ComparesWithinFormula && variant != CampaignVariant.Random && surrogate.LevelRungs.Count > 1
        && !Enumerable.Range(0, state.Library.Molecules.Length).Any(m => state.Known(ladder.Target, m))
        && Enumerable.Range(0, state.Library.Molecules.Length).Count(m => state.Known(surrogate.LevelRungs[0], m)) >= 2;

    private double Cost(CampaignState state, int molecule, int rung) => StepsFor(state, molecule, rung).Sum(r => costs.PredictedKwh(r, molecule));

    /// <summary>The level (among the surrogate's, not yet known at the molecule) whose labels remove the most target variance per predicted kWh.</summary>
    private int ChooseLevel(CampaignState state, int molecule, double varianceNow, double[] varianceAfter)
    {
        var levels = surrogate.LevelRungs;
        if (TargetOnly)
            return levels.Count - 1;
        int best = levels.Count - 1;
        double bestValue = double.NegativeInfinity;
        for (int l = 0; l < levels.Count; l++)
        {
            int rung = levels[l];
            if (state.Settled(rung, molecule))
                continue;
            var steps = StepsFor(state, molecule, rung);
            double cost = spec.Acquisition.CostAware && variant != CampaignVariant.CostBlind
                ? steps.Sum(r => costs.PredictedKwh(r, molecule))
                : steps.Count;
            double value = Math.Max(0, varianceNow - varianceAfter[l]) / Math.Max(cost, 1e-15);
            if (value > bestValue)
                (best, bestValue) = (l, value);
        }
        return best;
    }

    /// <summary>
    /// The acquisition value of each candidate (larger is better), on the target's posterior; probabilities of being
    /// sought are estimated on <paramref name="draws"/>, shared by the picks of a batch.
    /// </summary>
    private double[] Score(CampaignState state, List<int> candidates, double[] mean, double[] variance, Random random, Lazy<StandardNormalDraws> draws)
    {
        var objective = spec.Objective;
        // Everything after learn and window minimises: a maximised property is negated.
        var (sign, mu, sigma) = Minimising(mean, variance);
        if (objective.Goal == ObjectiveGoal.Learn)
            return variance;
        if (objective.Goal == ObjectiveGoal.Window)
            return [.. candidates.Select((_, k) => Normal.CDF(mean[k], sigma[k], objective.High!.Value) - Normal.CDF(mean[k], sigma[k], objective.Low!.Value))];

        var function = variant == CampaignVariant.Greedy ? AcquisitionFunction.Greedy : spec.Acquisition.Function;
        if (function == AcquisitionFunction.Random)
            return [.. mu.Select(_ => random.NextDouble())];

        // Values are compared with a reference: within groups, their group's (its best label or best prediction, or
        // its mean for relative objectives), not across groups, whose scales differ (a larger formula's atomization
        // energy is larger); improvement is measured against a threshold: the group's best, or the value that enters
        // the sought fraction of the library.
        var (reference, threshold) = References(state, candidates, mu, sign);
        var relative = mu.Select((m, k) => m - reference[k]).ToArray();
        switch (function)
        {
            case AcquisitionFunction.Greedy:
                return [.. relative.Select(m => -m)];
            case AcquisitionFunction.UpperConfidenceBound:
                return [.. relative.Select((m, k) => -m + spec.Acquisition.Kappa * sigma[k])];
            case AcquisitionFunction.Thompson:
                return [.. relative.Select((m, k) => -(m + sigma[k] * Normal.Sample(random, 0, 1)))];
        }

        var ei = new double[candidates.Count];
        for (int k = 0; k < candidates.Count; k++)
        {
            double improvement = threshold[k] - relative[k] - spec.Acquisition.Xi;
            double z = improvement / sigma[k];
            ei[k] = improvement * Normal.CDF(0, 1, z) + sigma[k] * Normal.PDF(0, 1, z);
        }
        if (function == AcquisitionFunction.ProbabilityOfBest)
        {
            // Ties (a probability of zero where a group's best is surely found) are broken by expected improvement,
            // scaled below the sampling's resolution.
            var best = spec.Objective.TopFraction is null
                ? ProbabilityOfBest(state, candidates, mu, sigma, sign, draws.Value)
                : ProbabilityOfTop(state, candidates, mu, sigma, sign, draws.Value);
            return [.. best.Select((p, k) => p + 1e-6 * ei[k] / (1 + ei[k]))];
        }
        return ei;
    }

    /// <summary>
    /// The share of the sought molecules the surrogate expects to be labelled at the target already: one minus the
    /// expected number still among the molecules it can acquire (the sum of their probabilities of being sought: a
    /// group's best that beats its labels, or one of the sought fraction) over how many are sought. Null where the
    /// objective seeks no molecules (window, learn).
    /// </summary>
    public double? ExpectedRecall(MultiFidelityModel model, CampaignState state, Random random)
    {
        var objective = spec.Objective;
        if (objective.Goal is not (ObjectiveGoal.Minimise or ObjectiveGoal.Maximise))
            return null;
        int sought = objective.Sought(state.Library.Molecules.Length, Groups(state).Distinct().Count());
        var candidates = AvailableMolecules(state);
        if (candidates.Count == 0)
            return 1;
        var (mean, variance, _) = surrogate.Predict(model, state, candidates, withinFormula: objective.ComparesWithinFormula);
        var (sign, mu, sigma) = Minimising(mean, variance);
        var draws = Draws(candidates.Count, random).Value;
        var unlabelled = objective.TopFraction is null
            ? ProbabilityOfBest(state, candidates, mu, sigma, sign, draws)
            : ProbabilityOfTop(state, candidates, mu, sigma, sign, draws);
        return Math.Clamp(1 - unlabelled.Sum() / sought, 0, 1);
    }

    /// <summary>The spec's posterior samples for <paramref name="candidates"/> candidates, drawn only if a probability of being sought is asked for.</summary>
    private Lazy<StandardNormalDraws> Draws(int candidates, Random random) => new(() => new(spec.Acquisition.SampleCount, candidates, random));

    /// <summary>The probability that each candidate beats every other candidate and every label of its group, estimated on <paramref name="draws"/>.</summary>
    private double[] ProbabilityOfBest(CampaignState state, List<int> candidates, double[] mu, double[] sigma, double sign, StandardNormalDraws draws)
    {
        var groupOf = Groups(state);
        var incumbent = Incumbents(state, groupOf, sign);
        var wins = new double[candidates.Count];
        var groups = Enumerable.Range(0, candidates.Count).GroupBy(k => groupOf[candidates[k]])
            .Select(g => (Found: incumbent.GetValueOrDefault(g.Key, double.PositiveInfinity), Members: g.ToArray())).ToArray();
        for (int s = 0; s < draws.Samples; s++)
        {
            var z = draws.Sample(s);
            foreach (var (found, members) in groups)
            {
                int winner = -1;
                double lowest = found;
                foreach (int k in members)
                {
                    double y = mu[k] + sigma[k] * z[k];
                    if (y < lowest)
                        (winner, lowest) = (k, y);
                }
                if (winner >= 0)
                    wins[winner]++;
            }
        }
        return [.. wins.Select(w => w / draws.Samples)];
    }

    /// <summary>The probability that each candidate is among the sought fraction of the library (see <see cref="TopFractionSampler"/>).</summary>
    private double[] ProbabilityOfTop(CampaignState state, List<int> candidates, double[] mu, double[] sigma, double sign, StandardNormalDraws draws)
    {
        var groupOf = Groups(state);
        var labels = state.Labels[ladder.Target];
        var known = Enumerable.Range(0, labels.Length).Where(m => double.IsFinite(labels[m])).ToArray();
        var sampler = new TopFractionSampler(
            [.. candidates.Select(m => groupOf[m])], [.. known.Select(m => groupOf[m])], [.. known.Select(m => sign * labels[m])],
            spec.Objective.SoughtCount(state.Library.Molecules.Length), spec.Objective.RelativeTo == ObjectiveReference.GroupMean);
        return sampler.Probabilities(mu, sigma, draws);
    }

    /// <summary>
    /// Each candidate's reference (what its value is compared with) and threshold (the relative value it must beat to
    /// count): the group's mean over known labels and predictions for relative objectives, else the group's best label
    /// found (its best predicted mean while it has none; 0 without groups); the threshold is the group's best relative
    /// to that reference, or, for a fraction of the library, the value at the sought count's place over every known
    /// label and prediction.
    /// </summary>
    private (double[] Reference, double[] Threshold) References(CampaignState state, List<int> candidates, double[] mu, double sign)
    {
        var objective = spec.Objective;
        var groupOf = Groups(state);
        var labels = state.Labels[ladder.Target];
        var known = Enumerable.Range(0, labels.Length).Where(m => double.IsFinite(labels[m])).ToList();
        var incumbent = Incumbents(state, groupOf, sign);
        var predictedBest = new Dictionary<string, double>();
        for (int k = 0; k < candidates.Count; k++)
            predictedBest[groupOf[candidates[k]]] = Math.Min(predictedBest.GetValueOrDefault(groupOf[candidates[k]], double.PositiveInfinity), mu[k]);
        double Best(string g) => incumbent.TryGetValue(g, out var found) ? found : predictedBest[g];

        Dictionary<string, double>? groupMean = null;
        if (objective.RelativeTo == ObjectiveReference.GroupMean)
            groupMean = candidates.Select((m, k) => (Group: groupOf[m], Value: mu[k])).Concat(known.Select(m => (Group: groupOf[m], Value: sign * labels[m])))
                .GroupBy(p => p.Group).ToDictionary(g => g.Key, g => g.Average(p => p.Value));
        double ReferenceOf(string g) => groupMean?[g] ?? (objective.GroupBy == ObjectiveGrouping.None ? 0 : Best(g));

        var reference = candidates.Select(m => ReferenceOf(groupOf[m])).ToArray();
        if (objective.TopFraction is null)
            return (reference, [.. candidates.Select((m, k) => Best(groupOf[m]) - reference[k])]);

        var all = candidates.Select((m, k) => mu[k] - reference[k]).Concat(known.Select(m => sign * labels[m] - ReferenceOf(groupOf[m]))).Order().ToList();
        double cut = all[Math.Min(objective.SoughtCount(state.Library.Molecules.Length), all.Count) - 1];
        return (reference, [.. candidates.Select(_ => cut)]);
    }

    /// <summary>The best target label found so far in each group, sign-adjusted so that lower is better.</summary>
    private Dictionary<string, double> Incumbents(CampaignState state, string[] groupOf, double sign)
    {
        var incumbent = new Dictionary<string, double>();
        var target = state.Labels[ladder.Target];
        for (int m = 0; m < target.Length; m++)
            if (double.IsFinite(target[m]))
                incumbent[groupOf[m]] = Math.Min(incumbent.GetValueOrDefault(groupOf[m], double.PositiveInfinity), sign * target[m]);
        return incumbent;
    }

    private string[] Groups(CampaignState state) => _groups ??= spec.Objective.GroupBy == ObjectiveGrouping.Formula
        ? [.. state.Library.Molecules.Select(m => m.Formula)]
        : [.. state.Library.Molecules.Select(_ => "")];
}
