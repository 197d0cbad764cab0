using System.Diagnostics;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Store;

namespace Greenspace.Benchmarks;

/// <summary>
/// SMILES-to-3D throughput on the NCI set (data/nci-5k): Open Babel in batches, parallel batches on
/// all cores, checks included; then the same SMILES again, answered from the store without Open Babel.
/// </summary>
public static class SmilesThroughput
{
    public static async Task RunAsync(int count)
    {
        var dir = Directory.CreateTempSubdirectory("gs-bench-smiles-");
        using var store = ResultStore.Open(Path.Combine(dir.FullName, "store.db"));
        var environment = EngineEnvironment.Current with { VersionCache = store };
        var all = SmilesFile.Read(StoreOverhead.DataPath("nci-5k", "first_5K.smi")).Take(count).ToList();
        var inputs = new MoleculeInputs(store, environment, dir.FullName, Environment.ProcessorCount);

        var clock = Stopwatch.StartNew();
        var first = await inputs.FromSmilesAsync(all);
        clock.Stop();
        var firstSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var second = await inputs.FromSmilesAsync(all);
        clock.Stop();
        int ok = first.Count(m => m.Molecule is not null);
        Console.WriteLine($"SMILES to 3D, NCI first {all.Count} ({Environment.ProcessorCount} parallel Open Babel batches):");
        Console.WriteLine($"  embedded {ok}, refused {first.Count - ok} (each with its reason); {firstSeconds:F1} s = {all.Count / firstSeconds:F1} molecules/s, {1000 * firstSeconds / all.Count:F1} ms per molecule");
        Console.WriteLine($"  again from the store: {clock.Elapsed.TotalSeconds:F2} s = {all.Count / clock.Elapsed.TotalSeconds:F0} molecules/s (ratio {firstSeconds / clock.Elapsed.TotalSeconds:F0}x)");
        foreach (var reason in first.Where(m => m.Error is not null).GroupBy(m => m.Error!.Split(':')[0]).OrderByDescending(g => g.Count()).Take(5))
            Console.WriteLine($"    {reason.Count()} x {reason.Key}");
        if (second.Count(m => m.Molecule is not null) != ok)
            throw new InvalidOperationException("the second pass did not give the same molecules");
        dir.Delete(true);
    }
}
