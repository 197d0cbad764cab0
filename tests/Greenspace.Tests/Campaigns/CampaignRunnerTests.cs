using Greenspace.Campaigns;
using Greenspace.Campaigns.Reports;
using Greenspace.Chemistry;
using Greenspace.Learning.Datasets;
using Greenspace.Records;
using Greenspace.Store;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Campaigns;

/// <summary>Campaigns with the real xtb (and psi4) on QM7 molecules, in a real store.</summary>
[Trait(Category.Name, Category.Slow)]
public class CampaignRunnerTests
{
    private static readonly Qm7Dataset Qm7 = Qm7Dataset.Load(TestData.DataFile("qm7"));

    private static CampaignSpec TwoXtbLevels(int calculations) => CampaignFixture.Qm7Spec("gfn1-gfn2", 30,
        [CampaignFixture.XtbRung("gfn1", "gfn1", RungProperty.Energy), CampaignFixture.XtbRung("gfn2", "gfn2", RungProperty.Energy)],
        "gfn2", ObjectiveGoal.Minimise, new BudgetSpec { Calculations = calculations }, ObjectiveGrouping.Formula);

    [Fact]
    public async Task A_budget_in_calculations_is_met_exactly_training_sets_stay_nested_and_labels_are_xtbs_own()
    {
        using var fixture = new CampaignFixture();
        var run = await fixture.RunAsync(TwoXtbLevels(20));

        Assert.Contains("budget of 20 calculations", run.StopReason);
        var steps = fixture.Store.CampaignBatches(run.Campaign.Id).SelectMany(b => b.Steps).ToList();
        Assert.Equal(20, steps.Count);
        Assert.All(steps, s => Assert.True(s.Outcome is { Succeeded: true }, s.Outcome?.Error));
        Assert.Equal(20, fixture.XtbCalculations);
        // Nested: every molecule known at GFN2-xTB is known at GFN1-xTB too.
        for (int m = 0; m < run.Library.Molecules.Length; m++)
            if (run.State.Known(1, m))
                Assert.True(run.State.Known(0, m), $"molecule {m} has GFN2 without GFN1");
        // The labels are xtb's total energies: the same as the committed QM7 GFN2-xTB column, made by its own script.
        foreach (var step in steps.Where(s => s.Plan.Rung == 1))
            Assert.Equal(Qm7.Gfn2TotalHartree[step.Plan.Molecule], step.Outcome!.Value!.Value / Units.KcalPerMolPerHartree, 6);
        // The cost of every step is its calculation's recorded CPU time, charged once.
        Assert.Equal(steps.Sum(s => s.Outcome!.Kwh) + fixture.Store.CampaignBatches(run.Campaign.Id).Sum(b => b.Cost.Kwh), run.State.SpentKwh, 12);
    }

    [Fact]
    public async Task Running_a_finished_campaign_again_runs_nothing_and_a_larger_budget_goes_on_from_where_it_stopped()
    {
        using var fixture = new CampaignFixture();
        var first = await fixture.RunAsync(TwoXtbLevels(12));
        int calculations = fixture.XtbCalculations;
        var again = await fixture.RunAsync(TwoXtbLevels(12));
        Assert.Equal(first.Campaign.Id, again.Campaign.Id);
        Assert.Equal(calculations, fixture.XtbCalculations);
        Assert.Equal(12, again.State.Calculations);

        var more = await fixture.RunAsync(TwoXtbLevels(20));
        Assert.Equal(first.Campaign.Id, more.Campaign.Id);
        Assert.Equal(20, more.State.Calculations);
        Assert.Equal(20, fixture.XtbCalculations);
        Assert.Equal(20, StoreFile.ResultsPerRequest(fixture.Store.Path).Count);
        Assert.All(StoreFile.ResultsPerRequest(fixture.Store.Path), n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Replayed_labels_are_counted_one_for_one_and_charged_the_cost_model()
    {
        using var fixture = new CampaignFixture();
        var spec = CampaignFixture.Qm7Spec("replay", 60,
            [CampaignFixture.XtbRung("gfn2", "gfn2", RungProperty.Energy), new RungSpec("pbe0", "psi4", "pbe0", "def2-TZVP", Driver.Energy, RungProperty.AtomizationEnergy, "input") { Replay = "qm7:pbe0" }],
            "pbe0", ObjectiveGoal.Minimise, new BudgetSpec { Calculations = 60 + 12 }, ObjectiveGrouping.Formula, batch: 4, diverse: 4, cheapestEverywhere: true);
        var run = await fixture.RunAsync(spec);

        var steps = fixture.Store.CampaignBatches(run.Campaign.Id).SelectMany(b => b.Steps).ToList();
        var replayed = steps.Where(s => s.Outcome!.Source == "replay").ToList();
        Assert.Equal(12, replayed.Count);
        Assert.Equal(run.Oracle!.Released, replayed.Count);
        Assert.Equal(60, steps.Count(s => s.Plan.Rung == 0));
        foreach (var step in replayed)
        {
            Assert.Equal(Qm7.Pbe0KcalPerMol[step.Plan.Molecule], step.Outcome!.Value!.Value);
            Assert.Equal(run.Oracle.PredictedCpuSeconds("qm7:pbe0", step.Plan.Molecule), step.Outcome.CpuSeconds, 9);
            Assert.Equal(run.Costs.KwhOfCpuSeconds(step.Outcome.CpuSeconds), step.Outcome.Kwh, 12);
        }
        // After the start, the cheap rung is known everywhere, so every acquisition is a PBE0 label with a prediction behind it.
        Assert.All(steps.Where(s => s.Batch > 0), s => Assert.True(s.Plan.Rung == 1 && s.Plan.PredictedSigma > 0));

        var report = CampaignReportBuilder.Build(spec, run, fixture.Store, fixture.Services.Machine);
        Assert.Equal(12, report.Rungs[1].Replayed);
        Assert.True(report.Receipt.BruteForceKwh > 4 * report.Receipt.TotalKwh, $"brute force {report.Receipt.BruteForceKwh} vs spent {report.Receipt.TotalKwh}");
        Assert.Contains(report.Notes, n => n.Contains("PBE0 geometries"));
        Assert.Equal(report.Receipt.TotalKwh, report.Trajectory[^1].CumulativeKwh, 12);
    }

    [Fact]
    public async Task A_calculation_that_fails_on_some_molecules_is_stored_as_failed_and_the_campaign_goes_on()
    {
        using var fixture = new CampaignFixture();
        // A real failure, provoked for real: a basis file that defines only hydrogen and carbon, so psi4 stops on any N or O.
        var basis = Path.Combine(fixture.Directory, "sto-3g-hc.gbs");
        File.WriteAllText(basis, OnlyElements(File.ReadAllText("/usr/share/psi4/basis/sto-3g.gbs"), "H", "C"));
        var hf = new RungSpec("hf", "psi4", "hf", "sto-3g-hc", Driver.Energy, RungProperty.Gap, "input")
        {
            Keywords = System.Collections.Immutable.ImmutableSortedDictionary.CreateRange(new Dictionary<string, string> { ["basis_file"] = basis }),
        };
        var spec = CampaignFixture.Qm7Spec("failing", 16, [CampaignFixture.XtbRung("gfn2", "gfn2", RungProperty.Gap), hf], "hf", ObjectiveGoal.Maximise,
            new BudgetSpec { Calculations = 16 + 10 }, batch: 3, diverse: 3, cheapestEverywhere: true);
        var run = await fixture.RunAsync(spec);

        var steps = fixture.Store.CampaignBatches(run.Campaign.Id).SelectMany(b => b.Steps).Where(s => s.Plan.Rung == 1).ToList();
        Assert.Equal(10, steps.Count);
        foreach (var step in steps)
        {
            bool hetero = Qm7.Molecules[step.Plan.Molecule].AtomicNumbers.Any(z => z is 7 or 8 or 16);
            Assert.Equal(!hetero, step.Outcome!.Succeeded);
            if (hetero)
                Assert.False(string.IsNullOrWhiteSpace(step.Outcome.Error));
        }
        Assert.Contains(steps, s => !s.Outcome!.Succeeded);
        Assert.Contains(steps, s => s.Outcome!.Succeeded);
        // Failed molecules are not chosen again, and the store holds them as failed results.
        Assert.Equal(steps.Count, steps.Select(s => s.Plan.Molecule).Distinct().Count());
        Assert.Contains("budget of 26 calculations", run.StopReason);
    }

    [Fact]
    public async Task A_funnel_sends_the_best_fraction_by_the_cheaper_rung_and_the_most_uncertain_up_then_stops()
    {
        using var fixture = new CampaignFixture();
        var spec = CampaignFixture.Qm7Spec("funnel", 40,
            [CampaignFixture.XtbRung("gfn1", "gfn1", RungProperty.Energy), CampaignFixture.XtbRung("gfn2", "gfn2", RungProperty.Energy)],
            "gfn2", ObjectiveGoal.Minimise, new BudgetSpec { Calculations = 100 }, cheapestEverywhere: true) with
        {
            Acquisition = new AcquisitionSpec { Funnel = [0.25], FunnelUncertain = 0.05 },
        };
        var run = await fixture.RunAsync(spec);

        Assert.Equal("the funnel's last stage is done", run.StopReason);
        var steps = fixture.Store.CampaignBatches(run.Campaign.Id).SelectMany(b => b.Steps).ToList();
        Assert.Equal(40, steps.Count(s => s.Plan.Rung == 0));
        var promoted = steps.Where(s => s.Plan.Rung == 1).Select(s => s.Plan.Molecule).ToHashSet();
        // The best quarter by GFN1-xTB (every molecule's GFN1 label is known, so it ranks them as it is), read
        // independently from the committed QM7 GFN1-xTB column; then 5 % of 40 = 2 more for their uncertainty.
        var best = Enumerable.Range(0, 40).OrderBy(m => Qm7.Gfn1TotalHartree[m]).Take(10);
        Assert.Subset(promoted, best.ToHashSet());
        Assert.Equal(12, promoted.Count);
    }

    /// <summary>
    /// The first 80 QM7 molecules, formulas with at least 3 isomers (51 molecules of H, C, N and O), GFN2-xTB computed
    /// everywhere at the start and PBE0 replayed: the <paramref name="fraction"/> most stable relative to their formula's mean.
    /// </summary>
    private static CampaignSpec RelativeWithinFormula(string name, double fraction, int pbe0Labels, int batch)
    {
        var spec = CampaignFixture.Qm7Spec(name, 80, [CampaignFixture.XtbRung("gfn2", "gfn2", RungProperty.Energy), ReplayedPbe0],
            "pbe0", ObjectiveGoal.Minimise, new BudgetSpec { Calculations = 51 + pbe0Labels }, ObjectiveGrouping.Formula, batch, diverse: 0, cheapestEverywhere: true);
        return spec with
        {
            Library = new LibrarySpec(null, "qm7") { Limit = 80, MinIsomers = 3, Elements = [], Charges = [0] },
            Objective = spec.Objective with { RelativeTo = ObjectiveReference.GroupMean, TopFraction = fraction },
        };
    }

    private static RungSpec ReplayedPbe0 => new("pbe0", "psi4", "pbe0", "def2-TZVP", Driver.Energy, RungProperty.AtomizationEnergy, "input") { Replay = "qm7:pbe0" };

    [Fact]
    public async Task Comparing_within_formulas_a_cold_start_follows_the_cheap_rung_and_spends_no_label_on_covering_elements()
    {
        using var fixture = new CampaignFixture();
        // The 10 % most stable relative to their formula's mean, with no diverse start.
        var spec = RelativeWithinFormula("within-formula", 0.1, pbe0Labels: 8, batch: 4);
        var run = await fixture.RunAsync(spec);

        Assert.Equal(51, run.Library.Molecules.Length);
        var batches = fixture.Store.CampaignBatches(run.Campaign.Id);
        Assert.DoesNotContain(batches.SelectMany(b => b.Steps), s => s.Plan.Reason is "element-cover" or "diverse");
        Assert.All(batches[0].Steps, s => Assert.Equal(0, s.Plan.Rung));
        // The first PBE0 batch: the 4 lowest GFN2-xTB energies relative to their formula's mean, read independently
        // from the committed QM7 GFN2-xTB column; the cheap rung's value is no prediction of PBE0, so none is logged.
        var library = run.Library.Molecules.Select(m => (m.Index, m.Formula)).ToList();
        var mean = library.GroupBy(m => m.Formula).ToDictionary(g => g.Key, g => g.Average(m => Qm7.Gfn2TotalHartree[m.Index]));
        var lowest = library.OrderBy(m => Qm7.Gfn2TotalHartree[m.Index] - mean[m.Formula]).Take(4).Select(m => m.Index).ToHashSet();
        Assert.Equal(lowest, batches[1].Steps.Select(s => s.Plan.Molecule).ToHashSet());
        Assert.All(batches[1].Steps, s => Assert.True(s.Plan.Rung == 1 && s.Plan.PredictedMean is null));
        // Then the surrogate predicts every molecule, and says which means hold only within their formula: those with an
        // element no PBE0 label has shown yet, which it refuses to predict as absolute values.
        Assert.All(batches[2].Steps, s => Assert.True(s.Plan.PredictedSigma > 0));
        var model = run.Surrogate.Fit(run.State)!;
        var all = Enumerable.Range(0, 51).ToList();
        var (predicted, _, absolute) = run.Surrogate.Predict(model, run.State, all, withinFormula: true);
        var seen = all.Where(m => run.State.Known(1, m)).SelectMany(m => run.Library.Molecules[m].Molecule.AtomicNumbers).ToHashSet();
        Assert.All(all, m => Assert.True(double.IsFinite(predicted[m])));
        Assert.All(all, m => Assert.Equal(run.Library.Molecules[m].Molecule.AtomicNumbers.All(seen.Contains), absolute[m]));
        if (absolute.Contains(false))
            Assert.Throws<Greenspace.Learning.LearningInputException>(() => run.Surrogate.Predict(model, run.State, all));

        // A single-fidelity variant has nothing to start with (no cheap rung, no diverse pick, no element to cover): it
        // acquires from its first batch and spends its budget on PBE0 labels.
        var single = await fixture.RunAsync(spec with { Budget = new BudgetSpec { Calculations = 8 } }, CampaignVariant.SingleFidelity);
        Assert.Contains("budget of 8 calculations", single.StopReason);
        Assert.Equal(8, fixture.Store.CampaignBatches(single.Campaign.Id).SelectMany(b => b.Steps).Count(s => s.Plan.Rung == 1 && s.Outcome!.Succeeded));
    }

    [Fact]
    public async Task Per_kwh_acquisition_leaves_the_cost_blind_variant_and_the_greedy_baseline_choosing_as_without_it()
    {
        // Cost-blind means all costs equal, and the greedy baseline's value is a predicted mean, not a gain per kWh:
        // dividing either by a molecule's cost (PBE0's grows with its size, and these formulas differ in size) would
        // reorder their picks. The reference policy's logged acquisition values are per kWh.
        using var fixture = new CampaignFixture();
        var spec = RelativeWithinFormula("per-kwh", 0.1, pbe0Labels: 12, batch: 4);
        spec = spec with { Acquisition = spec.Acquisition with { Function = AcquisitionFunction.ProbabilityOfBest } };
        var perKwh = spec with { Name = "per-kwh-on", Acquisition = spec.Acquisition with { PerKwh = true } };
        List<List<(int, int)>> Picks(CampaignRun run) =>
            [.. fixture.Store.CampaignBatches(run.Campaign.Id).Select(b => b.Steps.Select(s => (s.Plan.Molecule, s.Plan.Rung)).ToList())];
        foreach (var variant in new[] { CampaignVariant.CostBlind, CampaignVariant.Greedy })
            Assert.Equal(Picks(await fixture.RunAsync(spec, variant)), Picks(await fixture.RunAsync(perKwh, variant)));

        var reference = await fixture.RunAsync(perKwh);
        var chosen = fixture.Store.CampaignBatches(reference.Campaign.Id).Skip(2).SelectMany(b => b.Steps).ToList();
        Assert.NotEmpty(chosen);
        // A probability (with a tie-break below its resolution) over the predicted kWh, about 1e-4 kWh a label here.
        Assert.All(chosen, s => Assert.True(s.Plan.Acquisition!.Value * s.Plan.PredictedKwh!.Value <= 1 + 1e-6,
            $"molecule {s.Plan.Molecule}: acquisition {s.Plan.Acquisition} at {s.Plan.PredictedKwh} kWh"));
        Assert.Contains(chosen, s => s.Plan.Acquisition > 1);
    }

    [Fact]
    public async Task The_expected_recall_rule_stops_a_campaign_once_the_surrogate_expects_the_sought_molecules_found()
    {
        using var fixture = new CampaignFixture();
        // The 20 % most stable relative to their formula's mean (10 sought), stopping at an expected recall of 90 %.
        var spec = RelativeWithinFormula("recall", 0.2, pbe0Labels: 40, batch: 2);
        spec = spec with { Objective = spec.Objective with { ExpectedRecall = 0.9 } };
        var run = await fixture.RunAsync(spec);

        Assert.StartsWith("found enough: the surrogate expects", run.StopReason);
        int labels = Enumerable.Range(0, 51).Count(m => run.State.Known(1, m));
        Assert.InRange(labels, 10, 39);
        // The sought molecules by QM7's own PBE0 column: the rule's expectation against what was found.
        var library = run.Library.Molecules.Select((m, position) => (m.Index, m.Formula, position)).ToList();
        var mean = library.GroupBy(m => m.Formula).ToDictionary(g => g.Key, g => g.Average(m => Qm7.Pbe0KcalPerMol[m.Index]));
        var sought = library.OrderBy(m => Qm7.Pbe0KcalPerMol[m.Index] - mean[m.Formula]).Take(10).ToList();
        int found = sought.Count(m => run.State.Known(1, m.position));
        Assert.True(found >= 8, $"stopped after {labels} labels with {found} of the 10 sought found");
    }

    [Fact]
    public async Task Comparing_across_formulas_the_start_covers_every_element_with_the_fewest_molecules()
    {
        using var fixture = new CampaignFixture();
        // The first 80 QM7 molecules hold H, C, N and O; C2H5NO (four of them) has all four, so one label covers them.
        var spec = CampaignFixture.Qm7Spec("cover", 80, [CampaignFixture.XtbRung("gfn2", "gfn2", RungProperty.Energy), ReplayedPbe0],
            "pbe0", ObjectiveGoal.Minimise, new BudgetSpec { Calculations = 80 + 1 }, batch: 4, diverse: 0, cheapestEverywhere: true);
        var run = await fixture.RunAsync(spec);

        var cover = fixture.Store.CampaignBatches(run.Campaign.Id)[0].Steps.Where(s => s.Plan.Reason == "element-cover").ToList();
        var step = Assert.Single(cover);
        Assert.Equal([1, 6, 7, 8], Qm7.Molecules[step.Plan.Molecule].AtomicNumbers.Distinct().Order());
    }

    private static string OnlyElements(string gbs, params string[] elements)
    {
        var blocks = gbs.Split("****");
        var kept = blocks.Skip(1).Where(b => b.Trim().Split(' ', '\n')[0] is var symbol && elements.Contains(symbol, StringComparer.OrdinalIgnoreCase));
        return blocks[0] + "****" + string.Join("****", kept) + "****\n";
    }
}
