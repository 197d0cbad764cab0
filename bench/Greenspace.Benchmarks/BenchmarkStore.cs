using Greenspace.Campaigns;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Ledger;
using Greenspace.Store;

namespace Greenspace.Benchmarks;

/// <summary>
/// The store the campaign benchmarks share (in the temp folder), so that GFN2-xTB on QM7 is computed once and then
/// answered by the store, and the services a campaign runs with on this machine.
/// </summary>
internal static class BenchmarkStore
{
    public static (ResultStore Store, CampaignServices Services) Open()
    {
        var storeDir = Path.Combine(Path.GetTempPath(), "greenspace-bench");
        Directory.CreateDirectory(storeDir);
        var store = ResultStore.Open(Path.Combine(storeDir, "campaigns.db"));
        var machine = MachineProfile.Detect(GreenAlgorithmsTables.Default, MachineSettings.Load());
        var environment = EngineEnvironment.Current with { VersionCache = store };
        var engine = new EngineRunOptions { Environment = environment, ScratchRoot = Path.Combine(storeDir, "scratch"), TimeLimit = TimeSpan.FromMinutes(5) };
        var services = new CampaignServices(store,
            new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = Environment.ProcessorCount, Engine = engine }),
            new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = Environment.ProcessorCount, Engine = engine, StoreOnly = true }),
            new Greenspace.Execution.MoleculeInputs(store, environment, engine.ScratchRoot, Environment.ProcessorCount), machine, 1);
        return (store, services);
    }
}
