using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Records;
using Greenspace.Store;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Execution;

/// <summary>Get-or-compute against the real xtb, counted by a wrapper that logs every start of the program.</summary>
public class ComputeServiceTests
{
    private static readonly Molecule Water = Molecule.Create([8, 1, 1],
        [new Vec3(0, 0, 0.1173), new Vec3(0, 0.7572, -0.4692), new Vec3(0, -0.7572, -0.4692)], name: "water");

    private static readonly Molecule Ammonia = Molecule.Create([7, 1, 1, 1],
        [new Vec3(0, 0, 0.1162), new Vec3(0, 0.9397, -0.2711), new Vec3(0.8138, -0.4699, -0.2711), new Vec3(-0.8138, -0.4699, -0.2711)], name: "ammonia");

    private static readonly Molecule Methanol = Molecule.Create([6, 8, 1, 1, 1, 1],
        [new Vec3(-0.0467, 0.6628, 0), new Vec3(-0.0467, -0.7578, 0), new Vec3(-1.0857, 0.9762, 0), new Vec3(0.4377, 1.0765, 0.8890),
         new Vec3(0.4377, 1.0765, -0.8890), new Vec3(0.8653, -1.0653, 0)], name: "methanol");

    private static (ComputeService, ResultStore, CountingWrapper) Setup(string? storePath = null)
    {
        var wrapper = new CountingWrapper("xtb", "/usr/bin/xtb");
        var store = ResultStore.Open(storePath ?? Path.Combine(TestData.NewTempDirectory(), "store.db"));
        var service = new ComputeService(new EngineRegistry([new Greenspace.Engines.Xtb.XtbEngine()]), store, new ComputeOptions
        {
            Jobs = 2,
            Engine = new EngineRunOptions { Environment = new EngineEnvironment(wrapper.SearchPath) { VersionCache = store }, TimeLimit = TimeSpan.FromMinutes(2) },
        });
        return (service, store, wrapper);
    }

    private static CalculationRequest Gfn2(Molecule m, params (string, string)[] keywords) =>
        new(m, "xtb", "gfn2", null, Driver.Energy, keywords.Select(k => KeyValuePair.Create(k.Item1, k.Item2)));

    [Fact]
    public async Task A_second_run_answers_everything_from_the_store_and_starts_no_program()
    {
        var (service, store, wrapper) = Setup();
        using var _ = store;
        var requests = new[] { Gfn2(Water), Gfn2(Ammonia), Gfn2(Methanol) };
        var first = await service.RunAsync(requests);
        Assert.All(first, o => Assert.Equal(OutcomeSource.Computed, o.Source));
        Assert.All(first, o => Assert.True(o.Succeeded, o.Problem));
        int startsAfterFirst = wrapper.Starts.Count;
        Assert.Equal(4, startsAfterFirst); // three calculations and one version query

        var (again, store2, _) = (service, store, wrapper);
        var second = await again.RunAsync(requests);
        Assert.All(second, o => Assert.Equal(OutcomeSource.Store, o.Source));
        Assert.Equal(startsAfterFirst, wrapper.Starts.Count);
        Assert.Equal(first.Select(o => o.Result!.Properties!.Energy), second.Select(o => o.Result!.Properties!.Energy));
        Assert.Equal(3, store2.Summary().Hits);
    }

    [Fact]
    public async Task Another_atom_order_and_keyword_order_is_the_same_request_and_per_atom_results_follow_the_atoms()
    {
        var (service, store, wrapper) = Setup();
        using var _ = store;
        var original = await service.RunAsync([Gfn2(Methanol, ("acc", "1.0"), ("etemp", "300"))]);
        int starts = wrapper.Starts.Count;
        int[] order = [5, 3, 0, 4, 1, 2];
        var shuffled = Methanol.Permute(order);
        var again = await service.RunAsync([Gfn2(shuffled, ("etemp", "300.0"), ("acc", "1"))]);

        Assert.Equal(OutcomeSource.Store, again[0].Source);
        Assert.Equal(starts, wrapper.Starts.Count);
        var q0 = original[0].Result!.Properties!.PartialCharges;
        var q1 = again[0].Result!.Properties!.PartialCharges;
        for (int i = 0; i < order.Length; i++)
            Assert.Equal(q0[order[i]], q1[i]);
        // The oxygen carries the most negative charge, wherever it is listed.
        Assert.Equal(Array.IndexOf(order, 1), q1.IndexOf(q1.Min()));
    }

    [Fact]
    public async Task The_same_request_twice_in_one_batch_runs_once()
    {
        var (service, store, wrapper) = Setup();
        using var _ = store;
        var outcomes = await service.RunAsync([Gfn2(Water), Gfn2(Water.Permute([1, 0, 2]))]);
        Assert.Equal(2, wrapper.Starts.Count); // one calculation, one version query
        Assert.Equal([OutcomeSource.Computed, OutcomeSource.Store], outcomes.Select(o => o.Source).Order());
        Assert.Equal(outcomes[0].Result!.Properties!.Energy, outcomes[1].Result!.Properties!.Energy);
    }

    [Fact]
    public async Task A_request_the_engine_does_not_take_is_rejected_with_a_sentence_and_not_stored()
    {
        var (service, store, _) = Setup();
        using var __ = store;
        var outcomes = await service.RunAsync([new CalculationRequest(Water, "xtb", "b3lyp", null, Driver.Energy), new CalculationRequest(Water, "gaussian", "hf", "sto-3g", Driver.Energy)]);
        Assert.All(outcomes, o => Assert.Equal(OutcomeSource.Rejected, o.Source));
        Assert.Contains("xtb has no method 'b3lyp'", outcomes[0].Problem);
        Assert.Contains("no engine called 'gaussian'", outcomes[1].Problem);
        Assert.Equal(0, store.Summary().Requests);
    }
}
