using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Records;

namespace Greenspace.Tests.Support;

/// <summary>What the engine tests share: a request run as Greenspace runs it (defaults filled, then run), and molecules built from psi4 samples' Z-matrices.</summary>
internal static class EngineRuns
{
    /// <summary>Run options for a test; each run makes and removes its own directory under <paramref name="scratchRoot"/>.</summary>
    public static EngineRunOptions Options(TimeSpan? limit = null, string? scratchRoot = null) => new()
    {
        ScratchRoot = scratchRoot ?? Path.Combine(Path.GetTempPath(), "greenspace-test-scratch"),
        TimeLimit = limit ?? TimeSpan.FromMinutes(5),
        MemoryMiB = 500,
    };

    /// <summary>Fills the engine's defaults (failing the test on a refusal) and returns the request with its filled keywords.</summary>
    public static CalculationRequest Filled(IEngine engine, CalculationRequest request, EngineProbe probe)
    {
        var filled = engine.FillDefaults(request, probe);
        Assert.True(filled.Error is null, filled.Error);
        return request with { Keywords = filled.Keywords! };
    }

    public static async Task<CalculationResult> RunAsync(IEngine engine, CalculationRequest request, EngineRunOptions? options = null)
    {
        var probe = engine.Probe(EngineEnvironment.Current);
        Assert.True(probe.Found, probe.MissingMessage);
        return await engine.RunAsync(Filled(engine, request, probe), probe, options ?? Options(), CancellationToken.None);
    }

    /// <summary>Asserts success, showing the engine's reason and output tail otherwise.</summary>
    public static ResultProperties Ok(CalculationResult result)
    {
        Assert.True(result.Succeeded, $"{result.Error}\n{result.OutputTail}");
        return result.Properties!;
    }

    /// <summary>Runs and asserts success, showing the engine's reason and output tail otherwise.</summary>
    public static async Task<ResultProperties> SucceedAsync(IEngine engine, CalculationRequest request, EngineRunOptions? options = null)
    {
        var result = await RunAsync(engine, request, options);
        Assert.True(result.Succeeded, $"{result.Error}\n{result.OutputTail}");
        return result.Properties!;
    }

    /// <summary>
    /// A triatomic from a psi4 sample's Z-matrix "A; B 1 r; C 1 r 2 theta" (angstrom, degrees): A at the
    /// origin, B on z, C in the yz plane, as psi4 lays out a Z-matrix before reorienting.
    /// </summary>
    public static Molecule Triatomic(int centre, int first, int second, double rAngstrom, double thetaDegrees)
    {
        double t = thetaDegrees * Math.PI / 180;
        return Molecule.Create([centre, first, second],
            [Vec3.Zero, new Vec3(0, 0, rAngstrom), new Vec3(0, rAngstrom * Math.Sin(t), rAngstrom * Math.Cos(t))]);
    }

    public static CalculationRequest Request(Molecule molecule, string program, string method, string? basis, Driver driver, params (string Key, string Value)[] keywords) =>
        new(molecule, program, method, basis, driver, keywords.Select(k => KeyValuePair.Create(k.Key, k.Value)));
}
