using Greenspace.Campaigns;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Campaigns;

/// <summary>A campaign's identity in the store: what makes a run resume the same campaign, and what starts a new one.</summary>
public class CampaignIdentityTests
{
    private static CampaignSpec Example() => CampaignSpecReader.Read(Path.Combine(TestData.RepositoryRoot, "campaigns", "qm9-gap.yaml"));

    [Fact]
    public void The_same_spec_read_twice_is_the_same_campaign_and_more_budget_or_another_report_folder_resumes_it()
    {
        var spec = Example();
        Assert.Equal(CampaignRunner.SpecHash(spec), CampaignRunner.SpecHash(Example()));
        Assert.Equal(CampaignRunner.SpecHash(spec), CampaignRunner.SpecHash(spec with { Budget = new BudgetSpec { Kwh = 5, Calculations = 9 }, Output = "/elsewhere" }));
    }

    [Fact]
    public void What_changes_the_decisions_makes_another_campaign()
    {
        var spec = Example();
        string hash = CampaignRunner.SpecHash(spec);
        Assert.NotEqual(hash, CampaignRunner.SpecHash(spec with { Seed = spec.Seed + 1 }));
        Assert.NotEqual(hash, CampaignRunner.SpecHash(spec with { BatchSize = spec.BatchSize + 1 }));
        Assert.NotEqual(hash, CampaignRunner.SpecHash(spec with { Objective = spec.Objective with { Goal = ObjectiveGoal.Minimise } }));
        Assert.NotEqual(hash, CampaignRunner.SpecHash(spec with { Acquisition = spec.Acquisition with { Function = AcquisitionFunction.ProbabilityOfBest } }));
        Assert.NotEqual(hash, CampaignRunner.SpecHash(spec with { Rungs = [spec.Rungs[0], spec.Rungs[1] with { Basis = "6-31G" }] }));
        Assert.NotEqual(hash, CampaignRunner.SpecHash(spec with { Acquisition = spec.Acquisition with { Funnel = [0.1] } }));
    }
}
