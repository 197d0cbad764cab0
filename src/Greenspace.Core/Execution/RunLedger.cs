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
    private double _inProcessCpuSeconds, _inProcessWallSeconds;

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

    /// <summary>
    /// Charges work this process did itself (kind <see cref="LedgerEntryKind.Training"/> or <see cref="LedgerEntryKind.Prediction"/>),
    /// on all the machine's cores; the orchestrator's entry leaves it out, so nothing is counted twice.
    /// Returns the entry's id and footprint.
    /// </summary>
    public (long EntryId, CalculationFootprint Footprint) ChargeInProcess(LedgerEntryKind kind, string label, string method, ComputeCost cost)
    {
        if (kind is not (LedgerEntryKind.Training or LedgerEntryKind.Prediction))
            throw new ArgumentException($"in-process work is training or prediction, not {kind}", nameof(kind));
        _inProcessCpuSeconds += cost.CpuSeconds;
        _inProcessWallSeconds += cost.WallSeconds;
        return Charge(kind, null, label, "greenspace", method, cost, Machine.LogicalCpus);
    }

    /// <summary>Charges the greenspace process itself (measured now, since it started, less its training and prediction entries), ends the run, and returns its totals.</summary>
    public RunTotals Close()
    {
        var own = OwnProcess.Measure();
        if (_inProcessCpuSeconds > 0 || _inProcessWallSeconds > 0)
            own = own with
            {
                CpuSeconds = Math.Max(0, own.CpuSeconds - _inProcessCpuSeconds),
                WallSeconds = Math.Max(0, own.WallSeconds - _inProcessWallSeconds),
                Meter = own.Meter + ", less its training and prediction entries",
            };
        Charge(LedgerEntryKind.Orchestrator, null, "greenspace process", null, null, own, 1);
        _store.EndRun(RunId, (DateTime.Now - _processStart).TotalSeconds);
        return _store.RunTotals(RunId);
    }

    private (long EntryId, CalculationFootprint Footprint) Charge(LedgerEntryKind kind, long? resultId, string label, string? program, string? method, ComputeCost cost, int threads)
    {
        var usage = new CalculationUsage(cost.CpuSeconds, cost.WallSeconds, cost.PeakMemoryBytes, Math.Min(1.0, threads / (double)Machine.LogicalCpus))
        {
            MeasuredPackageJoules = cost.PackageEnergyJoules,
        };
        var footprint = _model.Estimate(usage, Machine);
        return (_store.AddLedgerEntry(RunId, kind, resultId, label, program, method, usage, cost.Meter, footprint), footprint);
    }

    private static string Describe(MachineProfile m) =>
        $"{m.CpuModelName}; {m.LogicalCpus} logical CPUs; {m.TdpPerCoreW:0.##} W per core ({m.TdpSource}); {m.MemoryGb:0.#} GB; " +
        $"PUE {m.Pue:0.##} ({m.PueSource}); {m.CarbonIntensity.Describe()}; energy counters: {m.EnergyCounters.Describe()}";
}
