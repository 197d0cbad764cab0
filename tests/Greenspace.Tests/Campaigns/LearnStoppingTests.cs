using Greenspace.Campaigns;
using Greenspace.Chemistry;
using Greenspace.Learning.Datasets;
using Greenspace.Tests.Support;
using Xunit.Abstractions;

namespace Greenspace.Tests.Campaigns;

/// <summary>A learn campaign stops on its own estimate of its error, and that estimate is close to the error it really makes.</summary>
public class LearnStoppingTests(ITestOutputHelper log)
{
    private static readonly Qm7Dataset Qm7 = Qm7Dataset.Load(TestData.DataFile("qm7"));

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public async Task A_learn_campaign_stops_when_its_estimated_error_reaches_the_target_and_the_estimate_holds_on_the_molecules_it_never_labelled()
    {
        using var fixture = new CampaignFixture();
        const double Target = 2.5; // kcal/mol: reached at about 300 GFN2-xTB labels here (co-kriging on GFN1-xTB, Coulomb matrices)
        var spec = CampaignFixture.Qm7Spec("learn-gfn2", 800,
            [CampaignFixture.XtbRung("gfn1", "gfn1", Greenspace.Campaigns.RungProperty.Energy), CampaignFixture.XtbRung("gfn2", "gfn2", Greenspace.Campaigns.RungProperty.Energy)],
            "gfn2", ObjectiveGoal.Learn, new BudgetSpec { Calculations = 1200 }, batch: 10, diverse: 10, cheapestEverywhere: true);
        spec = spec with { Objective = spec.Objective with { TargetMae = Target } };

        var run = await fixture.RunAsync(spec);
        log.WriteLine(run.StopReason);
        Assert.StartsWith("learnt:", run.StopReason);

        // The truth on every molecule the campaign did not label at GFN2-xTB: the committed QM7 GFN2-xTB column (made by xtb).
        var model = run.Surrogate.Fit(run.State)!;
        var unknown = Enumerable.Range(0, run.Library.Molecules.Length).Where(m => !run.State.Known(1, m)).ToList();
        var (mean, _, _) = run.Surrogate.Predict(model, run.State, unknown);
        double actual = unknown.Select((m, k) => Math.Abs(mean[k] - Qm7.Gfn2TotalHartree[run.Library.Molecules[m].Index] * Units.KcalPerMolPerHartree)).Average();
        var estimate = LearnErrorEstimate.Of(run.Surrogate, model, run.State, fixture.Store.CampaignBatches(run.Campaign.Id), 1)!;
        log.WriteLine($"{unknown.Count} molecules without a GFN2-xTB label: estimated MAE {estimate.Mae:F3}, actual {actual:F3} kcal/mol (scale {estimate.Scale:F2} from {estimate.CalibrationLabels} labels)");
        Assert.InRange(estimate.Mae / actual, 0.67, 1.5);
        Assert.True(run.State.Calculations < 1200, "the campaign stopped before its budget");
    }
}
