using System.Diagnostics;
using Greenspace.Ledger;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Execution;

/// <summary>
/// The ledger of one run of a command: an entry with energy and carbon for every engine calculation
/// and Open Babel batch as it finishes, and at the end one for the greenspace process itself, all
/// under one run whose allocation (cores reserved x wall time) stands beside their sum.
/// </summary>
public sealed class RunLedger
{
    private readonly ResultStore _store;
    private readonly CalculationFootprintModel _model;
    // The run is the whole process, start-up included, as is the orchestrator's entry.
    private readonly DateTime _processStart = Process.GetCurrentProcess().StartTime;

    public MachineProfile Machine { get; }
    public long RunId { get; }

    public RunLedger(ResultStore store, MachineProfile machine, string command, double coresReserved)
    {
        _store = store;
        _model = new CalculationFootprintModel(GreenAlgorithmsTables.Default);
        Machine = machine;
        RunId = store.StartRun(command, Math.Min(coresReserved, machine.LogicalCpus), Describe(machine));
    }

    /// <summary>Charges one engine run that used <paramref name="threads"/> of the machine's logical CPUs.</summary>
    public void ChargeCalculation(long resultId, CalculationRequest request, ComputeCost cost, int threads) =>
        Charge(LedgerEntryKind.Calculation, resultId, request.Label, request.Program, request.Method, cost, threads);

    /// <summary>Charges one Open Babel batch (identification or 3D embedding of SMILES).</summary>
    public void ChargeSmiles(ComputeCost cost) =>
        Charge(LedgerEntryKind.Smiles, null, "openbabel SMILES batch", "openbabel", "smiles-to-3d", cost, 1);

    /// <summary>Charges the greenspace process itself (measured now, since it started), ends the run, and returns its totals.</summary>
    public RunTotals Close()
    {
        Charge(LedgerEntryKind.Orchestrator, null, "greenspace process", null, null, OwnProcess.Measure(), 1);
        _store.EndRun(RunId, (DateTime.Now - _processStart).TotalSeconds);
        return _store.RunTotals(RunId);
    }

    private void Charge(LedgerEntryKind kind, long? resultId, string label, string? program, string? method, ComputeCost cost, int threads)
    {
        var usage = new CalculationUsage(cost.CpuSeconds, cost.WallSeconds, cost.PeakMemoryBytes, Math.Min(1.0, threads / (double)Machine.LogicalCpus))
        {
            MeasuredPackageJoules = cost.PackageEnergyJoules,
        };
        _store.AddLedgerEntry(RunId, kind, resultId, label, program, method, usage, cost.Meter, _model.Estimate(usage, Machine));
    }

    private static string Describe(MachineProfile m) =>
        $"{m.CpuModelName}; {m.LogicalCpus} logical CPUs; {m.TdpPerCoreW:0.##} W per core ({m.TdpSource}); {m.MemoryGb:0.#} GB; " +
        $"PUE {m.Pue:0.##} ({m.PueSource}); {m.CarbonIntensity.Describe()}; energy counters: {m.EnergyCounters.Describe()}";
}
