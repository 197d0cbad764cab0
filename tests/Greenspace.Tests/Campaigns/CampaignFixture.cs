using System.Collections.Immutable;
using Greenspace.Campaigns;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Ledger;
using Greenspace.Records;
using Greenspace.Store;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Campaigns;

/// <summary>A real store in a temporary folder, the real engines (xtb counted by a wrapper), and a spec built in code.</summary>
public sealed class CampaignFixture : IDisposable
{
    public CampaignFixture(string? storePath = null)
    {
        Directory = TestData.NewTempDirectory("gs-campaign-");
        Xtb = new CountingWrapper("xtb", "/usr/bin/xtb");
        Store = ResultStore.Open(storePath ?? Path.Combine(Directory, "store.db"));
        var environment = new EngineEnvironment(Xtb.SearchPath) { VersionCache = Store };
        var engine = new EngineRunOptions { Environment = environment, TimeLimit = TimeSpan.FromMinutes(5), ScratchRoot = Path.Combine(Directory, "scratch") };
        Services = new CampaignServices(Store,
            new ComputeService(EngineRegistry.Default, Store, new ComputeOptions { Jobs = 2, Engine = engine }),
            new ComputeService(EngineRegistry.Default, Store, new ComputeOptions { Jobs = 2, Engine = engine, StoreOnly = true }),
            new Greenspace.Execution.MoleculeInputs(Store, environment, engine.ScratchRoot, 2),
            MachineProfile.Detect(GreenAlgorithmsTables.Default), 1);
    }

    public string Directory { get; }
    public CountingWrapper Xtb { get; }
    public ResultStore Store { get; }
    public CampaignServices Services { get; }

    public Task<CampaignRun> RunAsync(CampaignSpec spec, CampaignVariant variant = CampaignVariant.Reference) =>
        new CampaignRunner(spec, "(built in the test)", Services, variant).RunAsync();

    /// <summary>xtb calculations started so far (version queries left out).</summary>
    public int XtbCalculations => Xtb.Starts.Count(s => !s.Contains("--version"));

    public static RungSpec XtbRung(string name, string method, RungProperty property, Driver driver = Driver.Energy, string geometry = "input") =>
        new(name, "xtb", method, null, driver, property, geometry);

    public static CampaignSpec Qm7Spec(string name, int limit, ImmutableArray<RungSpec> rungs, string target, ObjectiveGoal goal, BudgetSpec budget,
        ObjectiveGrouping groups = ObjectiveGrouping.None, int batch = 4, int diverse = 3, bool cheapestEverywhere = false) => new()
    {
        Name = name,
        Seed = 7,
        Library = new LibrarySpec(null, "qm7") { Limit = limit, Elements = [] , Charges = [0] },
        Objective = new ObjectiveSpec(target, goal) { GroupBy = groups },
        Rungs = rungs,
        Budget = budget,
        BatchSize = batch,
        Start = new StartSpec { Diverse = diverse, CheapestEverywhere = cheapestEverywhere },
        Surrogate = new SurrogateSpec { Representation = SurrogateRepresentation.CoulombMatrix },
    };

    public void Dispose() => Store.Dispose();
}
