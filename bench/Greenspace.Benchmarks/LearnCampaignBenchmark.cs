using System.Diagnostics;
using System.Globalization;
using Greenspace.Campaigns;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Learning.Datasets;
using Greenspace.Ledger;
using Greenspace.Store;

namespace Greenspace.Benchmarks;

/// <summary>
/// The "learn" objective on QM7: the energy (all labels, featurisation and training counted) for the campaign's
/// co-kriging surrogate to reach 1.0 kcal/mol MAE on the 1,000 molecules of test split 1 (held out: never acquired),
/// with PBE0 labels chosen actively (the most target variance removed, summed over the library) or at random, on the same surrogate.
/// </summary>
/// <remarks>The scorer here reads QM7's PBE0 column for the test molecules; the campaigns never see it.</remarks>
public static class LearnCampaignBenchmark
{
    public static async Task RunAsync(int seeds)
    {
        var clock = Stopwatch.StartNew();
        var specPath = StoreOverhead.DataPath("..", "campaigns", "qm7-learn.yaml");
        var stamp = DateTime.UtcNow.ToString("-yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var baseSpec = CampaignSpecReader.Read(specPath);
        // The whole curve is drawn, so the campaign runs to its budget; where its stopping rule would have stopped is read off below.
        baseSpec = baseSpec with { Name = baseSpec.Name + stamp, Objective = baseSpec.Objective with { RunToBudget = true } };
        var qm7 = Qm7Dataset.Load(StoreOverhead.DataPath("qm7"));
        double target = baseSpec.Objective.TargetMae!.Value;

        var (store, services) = BenchmarkStore.Open();
        using var _ = store;

        Console.WriteLine($"Learn campaign on QM7: PBE0 to {target} kcal/mol MAE on test split 1 (1,000 held-out molecules), active (the largest target variance removed, summed over the library, held-out molecules included) versus random selection, same surrogate; spec {Path.GetFullPath(specPath)}; {seeds} seeds");
        Console.WriteLine($"  load average at the start: {LearningCurves.LoadAverage()}");
        var rows = new List<(string Method, int Seed, double? Kwh, int? Labels, List<(int Labels, double Kwh, double Mae, double? Estimate)> Curve)>();
        for (int seed = 1; seed <= seeds; seed++)
        {
            foreach (var variant in new[] { CampaignVariant.Reference, CampaignVariant.Random })
            {
                var spec = baseSpec with { Seed = seed };
                var run = await new CampaignRunner(spec, File.ReadAllText(specPath), services, variant).RunAsync();
                var curve = Curve(run, store, qm7);
                var hit = curve.FirstOrDefault(p => p.Mae <= target);
                string name = variant == CampaignVariant.Reference ? "active (integrated variance)" : "random";
                rows.Add((name, seed, hit.Labels > 0 ? hit.Kwh : null, hit.Labels > 0 ? hit.Labels : null, curve));
                Console.Error.WriteLine($"[{clock.Elapsed:hh\\:mm\\:ss}] {name} seed {seed}: " + string.Join(", ", curve.Select(p => $"{p.Labels}: {p.Mae:F2}")));
            }
        }
        Console.WriteLine($"  {"method",-28} {"seed",4} {"PBE0 labels",12} {"kWh to reach " + target + " kcal/mol",26}   MAE at each batch (PBE0 labels: kcal/mol)");
        foreach (var r in rows)
            Console.WriteLine($"  {r.Method,-28} {r.Seed,4} {(r.Labels?.ToString(CultureInfo.InvariantCulture) ?? "not reached"),12} {(r.Kwh is { } k ? k.ToString("F4", CultureInfo.InvariantCulture) : "not reached"),26}   {string.Join(", ", r.Curve.Where((_, i) => i % 2 == 1).Select(p => $"{p.Labels}: {p.Mae:F2}"))}");
        Console.WriteLine($"The stopping rule (the surrogate's estimated MAE over the molecules without a PBE0 label, its sigmas scaled on its last {LearnErrorEstimate.CalibrationLabels} predicted labels, at or below {target}): where it stops, and the held-out MAE there");
        foreach (var r in rows)
        {
            var stop = r.Curve.FirstOrDefault(p => p.Estimate <= target);
            Console.WriteLine(stop.Labels > 0
                ? string.Create(CultureInfo.InvariantCulture, $"  {r.Method,-28} {r.Seed,4}  stops at {stop.Labels} PBE0 labels ({stop.Kwh:F4} kWh): estimated {stop.Estimate:F2}, held-out {stop.Mae:F2} kcal/mol; estimates along the way {string.Join(", ", r.Curve.Where(p => p.Estimate is not null).Where((_, i) => i % 2 == 0).Select(p => $"{p.Labels}: {p.Estimate:F2}/{p.Mae:F2}"))}")
                : $"  {r.Method,-28} {r.Seed,4}  never stops within the budget");
        }
    }

    /// <summary>
    /// After each batch: PBE0 labels so far, cumulative kWh, the held-out MAE of the surrogate fitted on what the campaign
    /// knew then, and the campaign's own estimate of its error (what its stopping rule reads).
    /// </summary>
    private static List<(int Labels, double Kwh, double Mae, double? Estimate)> Curve(CampaignRun run, ResultStore store, Qm7Dataset qm7)
    {
        var batches = store.CampaignBatches(run.Campaign.Id);
        var test = qm7.TestIndices(1).Select(run.State.PositionOf).ToList();
        var truth = test.Select(m => qm7.Pbe0KcalPerMol[run.Library.Molecules[m].Index]).ToArray();
        var curve = new List<(int, double, double, double?)>();
        for (int b = 1; b <= batches.Count; b++)
        {
            var state = CampaignState.Load(run.Library, run.Ladder.Count, batches.Take(b).ToList());
            if (run.Surrogate.Fit(state) is not { } model)
                continue;
            var (mean, _, _) = run.Surrogate.Predict(model, state, test);
            double mae = mean.Select((m, i) => Math.Abs(m - truth[i])).Average();
            int labels = Enumerable.Range(0, run.Library.Molecules.Length).Count(m => state.Known(run.Ladder.Target, m));
            var estimate = LearnErrorEstimate.Of(run.Surrogate, model, state, [.. batches.Take(b)], run.Ladder.Target);
            curve.Add((labels, state.SpentKwh, mae, estimate?.Mae));
        }
        return curve;
    }
}
