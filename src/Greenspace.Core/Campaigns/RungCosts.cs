using Greenspace.Ledger;

namespace Greenspace.Campaigns;

/// <summary>
/// What one calculation at a rung is expected to cost, in kWh by the ledger's model: for a replayed rung the data
/// set's measured cost model; for a live rung the mean CPU seconds the campaign has measured there so far, scaled by
/// the molecule's atom count, or before any the spec's expected_cpu_seconds, or a default for the program.
/// </summary>
public sealed class RungCosts
{
    private readonly Ladder _ladder;
    private readonly CampaignLibrary _library;
    private readonly ReplayOracle? _oracle;
    private readonly CalculationFootprintModel _model;
    private readonly MachineProfile _machine;
    private readonly double[] _cpuSecondsSum, _atomsSum;
    private readonly int[] _measured;

    public RungCosts(Ladder ladder, CampaignLibrary library, ReplayOracle? oracle, CalculationFootprintModel model, MachineProfile machine)
    {
        _ladder = ladder;
        _library = library;
        _oracle = oracle;
        (_model, _machine) = (model, machine);
        _cpuSecondsSum = new double[ladder.Count];
        _atomsSum = new double[ladder.Count];
        _measured = new int[ladder.Count];
    }

    /// <summary>Learns from a finished live calculation.</summary>
    public void Observe(int rung, int molecule, double cpuSeconds)
    {
        _cpuSecondsSum[rung] += cpuSeconds;
        _atomsSum[rung] += _library.Molecules[molecule].Molecule.AtomCount;
        _measured[rung]++;
    }

    public double PredictedCpuSeconds(int rung, int molecule)
    {
        var spec = _ladder.Rungs[rung];
        if (spec.Replay is { } source)
            return _oracle!.PredictedCpuSeconds(source, _library.Molecules[molecule].Index);
        if (_measured[rung] > 0)
            return _cpuSecondsSum[rung] / _measured[rung] * _library.Molecules[molecule].Molecule.AtomCount / (_atomsSum[rung] / _measured[rung]);
        return spec.ExpectedCpuSeconds ?? DefaultCpuSeconds(spec.Program, spec.Driver);
    }

    public double PredictedKwh(int rung, int molecule) => KwhOfCpuSeconds(PredictedCpuSeconds(rung, molecule));

    /// <summary>Brute force: the rung on every molecule of the library, by the same predictions.</summary>
    public double BruteForceKwh(int rung) => Enumerable.Range(0, _library.Molecules.Length).Sum(m => PredictedKwh(rung, m));

    public double KwhOfCpuSeconds(double cpuSeconds) =>
        cpuSeconds <= 0 ? 0 : _model.Estimate(new CalculationUsage(cpuSeconds, cpuSeconds, 0, 1.0 / _machine.LogicalCpus), _machine).EnergyKwh;

    /// <summary>
    /// Work done in this process (featurising, fitting, predicting, choosing), as a campaign charges its own: the whole
    /// machine (every core may work, and all its memory is held) for the work's wall time, and the CPU time it took.
    /// </summary>
    public CalculationFootprint InProcessFootprint(Records.ComputeCost cost) =>
        _model.Estimate(new CalculationUsage(cost.CpuSeconds, cost.WallSeconds, cost.PeakMemoryBytes, 1.0), _machine);

    // Orders of magnitude measured here for small organic molecules; an optimisation takes 10 to 15 single points.
    private static double DefaultCpuSeconds(string program, Records.Driver driver)
    {
        double single = program switch
        {
            "xtb" or "obabel" or "openbabel" => 0.05,
            "mopac" => 0.5,
            _ => 20,
        };
        return driver == Records.Driver.Optimization ? 12 * single : single;
    }
}
