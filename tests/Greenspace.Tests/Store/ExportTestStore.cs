using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Engines.Mopac;
using Greenspace.Engines.OpenBabel;
using Greenspace.Engines.Xtb;
using Greenspace.Execution;
using Greenspace.Records;
using Greenspace.Store;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Store;

/// <summary>
/// One store for the export tests, filled once per test run by the real programs: xtb GFN2 energies,
/// gradients and optimisations, MOPAC PM7 heats of formation (an energy that is not a total energy),
/// an Open Babel MMFF94 energy, and one real failure (xtb's SCC given a single iteration). All of it
/// takes a few seconds; the tests only read the store.
/// </summary>
internal static class ExportTestStore
{
    public static readonly Molecule Water = Molecule.Create([8, 1, 1],
        [new Vec3(0, 0, 0.1173), new Vec3(0, 0.7572, -0.4692), new Vec3(0, -0.7572, -0.4692)], name: "water");

    public static readonly Molecule Ammonia = Molecule.Create([7, 1, 1, 1],
        [new Vec3(0, 0, 0.1162), new Vec3(0, 0.9397, -0.2711), new Vec3(0.8138, -0.4699, -0.2711), new Vec3(-0.8138, -0.4699, -0.2711)], name: "ammonia");

    public static readonly Molecule Methanol = Molecule.Create([6, 8, 1, 1, 1, 1],
        [new Vec3(-0.0467, 0.6628, 0), new Vec3(-0.0467, -0.7578, 0), new Vec3(-1.0857, 0.9762, 0), new Vec3(0.4377, 1.0765, 0.8890),
         new Vec3(0.4377, 1.0765, -0.8890), new Vec3(0.8653, -1.0653, 0)], name: "methanol");

    /// <summary>The store's path and everything in it (failures included), oldest first.</summary>
    public sealed record Contents(string StorePath, IReadOnlyList<StoredCalculation> All)
    {
        public IReadOnlyList<StoredCalculation> Successes => [.. All.Where(c => c.Result.Succeeded)];
        public StoredCalculation Failure => All.Single(c => !c.Result.Succeeded);
    }

    private static readonly Lazy<Task<Contents>> Filled = new(FillAsync);

    public static Task<Contents> GetAsync() => Filled.Value;

    private static async Task<Contents> FillAsync()
    {
        var path = Path.Combine(TestData.NewTempDirectory("gs-export-"), "store.db");
        using var store = ResultStore.Open(path);
        var service = new ComputeService(new EngineRegistry([new XtbEngine(), new MopacEngine(), new OpenBabelEngine()]), store, new ComputeOptions
        {
            Jobs = 2,
            Engine = new EngineRunOptions { Environment = EngineEnvironment.Current with { VersionCache = store }, TimeLimit = TimeSpan.FromMinutes(2) },
        });
        CalculationRequest R(Molecule m, string program, string method, Driver driver, params (string, string)[] keywords) =>
            new(m, program, method, null, driver, keywords.Select(k => KeyValuePair.Create(k.Item1, k.Item2)));
        var succeeding = new[]
        {
            R(Water, "xtb", "gfn2", Driver.Energy), R(Ammonia, "xtb", "gfn2", Driver.Energy), R(Methanol, "xtb", "gfn2", Driver.Energy),
            R(Water, "xtb", "gfn2", Driver.Gradient), R(Methanol, "xtb", "gfn2", Driver.Gradient),
            R(Ammonia, "xtb", "gfn2", Driver.Optimization), R(Methanol, "xtb", "gfn2", Driver.Optimization),
            R(Water, "mopac", "pm7", Driver.Energy), R(Methanol, "mopac", "pm7", Driver.Energy), R(Methanol, "mopac", "pm7", Driver.Gradient),
            R(Methanol, "openbabel", "mmff94", Driver.Energy),
        };
        var outcomes = await service.RunAsync(succeeding);
        foreach (var o in outcomes)
            if (!o.Succeeded)
                throw new InvalidOperationException($"the export tests need every program to work here, but a calculation failed: {o.Problem}");

        // A real failure: one SCC iteration is not enough for water.
        var failing = await service.RunAsync([R(Water, "xtb", "gfn2", Driver.Energy, ("iterations", "1"))]);
        if (failing[0].Succeeded)
            throw new InvalidOperationException("xtb converged water's SCC in one iteration, so the export tests have no failure to export");

        return new Contents(path, [.. store.Calculations(includeFailures: true)]);
    }
}
