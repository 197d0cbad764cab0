using System.Collections.Immutable;
using Greenspace.Ledger;
using Greenspace.Store;

namespace Greenspace.Campaigns.Reports;

/// <summary>Gathers a campaign run's report from the store and the run's final state.</summary>
public static class CampaignReportBuilder
{
    /// <param name="comparisons">Other variants of the same campaign, to draw beside it.</param>
    /// <param name="recallAfter">For benchmarks where the truth is known: the recall reached with a set of target-labelled molecules (library positions).</param>
    public static CampaignReportData Build(CampaignSpec spec, CampaignRun run, ResultStore store, MachineProfile machine,
        IReadOnlyList<CampaignRun>? comparisons = null, Func<IReadOnlySet<int>, double>? recallAfter = null)
    {
        var ladder = run.Ladder;
        var batches = store.CampaignBatches(run.Campaign.Id);
        var steps = batches.SelectMany(b => b.Steps).Where(s => s.Outcome is not null).ToList();
        double sign = spec.Objective.Goal == ObjectiveGoal.Maximise ? -1 : 1;

        var rungs = ladder.Rungs.Select((r, i) =>
        {
            var at = steps.Where(s => s.Plan.Rung == i).ToList();
            return new RungSummary(r.Name, $"{r.Program} {r.Method}{(r.Basis is null ? "" : "/" + r.Basis)} {r.Driver.ToString().ToLowerInvariant()} ({Ladder.Describe(r.Property)})",
                at.Count(s => s.Outcome!.Source == "computed" && s.Outcome.Succeeded), at.Count(s => s.Outcome!.Source == "store" && s.Outcome.Succeeded),
                at.Count(s => s.Outcome!.Source == "replay"), at.Count(s => !s.Outcome!.Succeeded), at.Sum(s => s.Outcome!.Kwh), at.Sum(s => s.Outcome!.GramsCo2e));
        }).ToImmutableArray();

        var trajectory = Trajectory(run, batches, sign, recallAfter);
        double totalKwh = run.State.SpentKwh;
        double mlKwh = batches.Sum(b => b.Cost.Kwh);
        double bruteForceKwh = run.Costs.BruteForceKwh(ladder.Target);
        var receipt = new CarbonReceipt([.. rungs.Select(r => r.Kwh)], mlKwh, totalKwh,
            run.State.SpentGramsCo2e, run.State.EmbodiedGramsCo2e, bruteForceKwh,
            (machine.EnergyCounters.HasPackageCounter ? "measured where a package energy counter attributed it, else " : "")
                + $"modelled: Green Algorithms v3.1 per calculation (CPU seconds x {machine.TdpPerCoreW:F2} W per core, memory x 0.3725 W/GB, PUE {machine.Pue:F2}); energy counters here: {machine.EnergyCounters.Describe()}",
            machine.CarbonIntensity.Describe());

        var notes = new List<string>
        {
            $"surrogate: {run.Surrogate.Representation}, recursive co-kriging over {string.Join(" -> ", run.Surrogate.LevelRungs.Select(r => ladder.Rungs[r].Name))}; hyperparameters by 5-fold cross-validation inside each level's training set at every batch",
            "batches are filled greedily: each pick is fantasised into the model (variance-only update, no label) before the next is scored",
            $"brute force: the target rung '{ladder.Rungs[ladder.Target].Name}' on all {run.Library.Molecules.Length:N0} valid molecules, by the same cost model as the campaign's predictions",
        };
        if (run.Oracle is { } oracle)
        {
            notes.Add(ReplayOracle.Note);
            notes.Add($"replay cost model: {oracle.CostModel}; {oracle.Released} labels released in this process");
        }
        int reused = run.State.Reused.Sum(r => r.Count(x => x));
        if (reused > 0)
            notes.Add($"{reused} labels were already in the store when the campaign started (warm start): used, not charged to it");

        return new CampaignReportData
        {
            Name = spec.Name + (run.Campaign.Variant == "reference" ? "" : $" ({run.Campaign.Variant})"),
            SpecText = run.Campaign.SpecText,
            ObjectiveText = Objective(spec, ladder),
            Unit = ladder.Unit,
            Started = run.Campaign.CreatedAt,
            Finished = run.Campaign.EndedAt,
            Status = run.StopReason,
            LibrarySize = run.Library.Molecules.Length,
            Refused = run.Library.Refused,
            Rungs = rungs,
            Trajectory = trajectory,
            Top = Top(spec, run, sign),
            Receipt = receipt,
            Comparisons = [.. (comparisons ?? []).Select(c => (c.Campaign.Variant, Trajectory(c, store.CampaignBatches(c.Campaign.Id), sign, recallAfter)))],
            Notes = [.. notes],
        };
    }

    private static string Objective(CampaignSpec spec, Ladder ladder)
    {
        var o = spec.Objective;
        var rung = ladder.Rungs[ladder.Target];
        string what = $"{Ladder.Describe(rung.Property)} ({ladder.Unit}) at {rung.Name} ({rung.Method}{(rung.Basis is null ? "" : "/" + rung.Basis)})";
        string goal = o.Goal switch
        {
            ObjectiveGoal.Minimise => "minimise " + what,
            ObjectiveGoal.Maximise => "maximise " + what,
            ObjectiveGoal.Window => $"bring {what} into [{o.Low}, {o.High}]",
            _ => $"learn {what} to a mean absolute error of {o.TargetMae}",
        };
        string within = o.GroupBy != ObjectiveGrouping.Formula ? ""
            : o.RelativeTo == ObjectiveReference.GroupMean ? ", relative to the mean of its formula's isomers"
            : o.TopFraction is null ? ", within each formula (isomers)" : "";
        string sought = o.TopFraction is { } f ? $"; sought: the best {f:P1} of the library" : "";
        return goal + within + sought;
    }

    private static ImmutableArray<BatchPoint> Trajectory(CampaignRun run, IReadOnlyList<StoredBatch> batches, double sign, Func<IReadOnlySet<int>, double>? recallAfter)
    {
        int target = run.Ladder.Target;
        double kwh = 0;
        double? best = null;
        var counts = new int[run.Ladder.Count];
        var found = new HashSet<int>();
        var points = ImmutableArray.CreateBuilder<BatchPoint>();
        foreach (var batch in batches)
        {
            kwh += batch.Cost.Kwh;
            var errors = new List<(double Error, double Sigma)>();
            foreach (var step in batch.Steps.Where(s => s.Outcome is not null))
            {
                var outcome = step.Outcome!;
                kwh += outcome.Kwh;
                if (!outcome.Succeeded)
                    continue;
                counts[step.Plan.Rung]++;
                if (step.Plan.Rung != target)
                    continue;
                found.Add(run.State.PositionOf(step.Plan.Molecule));
                double value = outcome.Value!.Value;
                if (best is null || sign * value < sign * best.Value)
                    best = value;
                if (step.Plan.PredictedMean is { } mu && step.Plan.PredictedSigma is { } sigma && sigma > 0)
                    errors.Add((Math.Abs(value - mu), sigma));
            }
            points.Add(new BatchPoint(batch.Batch, kwh, best, recallAfter?.Invoke(found),
                errors.Count > 0 ? errors.Average(e => e.Error) : null,
                errors.Count > 0 ? errors.Average(e => e.Error / e.Sigma) : null,
                [.. counts]));
        }
        return points.ToImmutable();
    }

    /// <summary>The best molecules: by their computed target label where known, else by the final surrogate's prediction.</summary>
    private static ImmutableArray<Candidate> Top(CampaignSpec spec, CampaignRun run, double sign)
    {
        var state = run.State;
        int target = run.Ladder.Target;
        var all = Enumerable.Range(0, run.Library.Molecules.Length).ToList();
        double[] mean = new double[all.Count], sigma = new double[all.Count];
        // A mean that holds only within its formula (an element the target has not seen yet) still ranks the molecule
        // among its isomers, but the report prints no value for it.
        bool[] absolute = new bool[all.Count];
        if (run.Surrogate.Fit(state) is { } model)
        {
            (mean, var variance, absolute) = run.Surrogate.Predict(model, state, all, withinFormula: spec.Objective.ComparesWithinFormula);
            sigma = [.. variance.Select(Math.Sqrt)];
        }
        else
            Array.Fill(mean, double.NaN);
        double Value(int m) => state.Known(target, m) ? state.Labels[target][m] : mean[m];
        // A relative objective ranks by the value minus its formula's mean (of labels where known, else predictions).
        var groupMean = spec.Objective.RelativeTo != ObjectiveReference.GroupMean ? null
            : all.Where(m => double.IsFinite(Value(m))).GroupBy(m => run.Library.Molecules[m].Formula).ToDictionary(g => g.Key, g => g.Average(Value));
        double Ranked(int m) => sign * (Value(m) - (groupMean?[run.Library.Molecules[m].Formula] ?? 0));
        IEnumerable<int> ranked = spec.Objective.Goal switch
        {
            ObjectiveGoal.Window => all.OrderBy(m => Math.Abs(Value(m) - 0.5 * (spec.Objective.Low!.Value + spec.Objective.High!.Value))),
            _ => all.Where(m => double.IsFinite(Value(m))).OrderBy(Ranked),
        };
        if (spec.Objective.GroupBy == ObjectiveGrouping.Formula && spec.Objective.TopFraction is null)
            ranked = ranked.GroupBy(m => run.Library.Molecules[m].Formula).Select(g => g.First());
        return [.. ranked.Take(spec.Objective.Top).Select((m, rank) => new Candidate(rank + 1, run.Library.Molecules[m].Name, run.Library.Molecules[m].Smiles,
            absolute[m] ? mean[m] : double.NaN, sigma[m], state.Known(target, m) ? state.Labels[target][m] : null))];
    }
}
