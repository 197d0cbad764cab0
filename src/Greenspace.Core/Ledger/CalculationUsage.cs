namespace Greenspace.Ledger;

/// <summary>
/// What one calculation (an engine run, or the orchestrator's own process) used: CPU seconds of its
/// process tree, wall seconds, peak resident memory, the share of the machine's logical CPUs it had (or a
/// scheduler granted), and, when counters were readable, measured energies already attributed to it.
/// </summary>
public sealed record CalculationUsage(double CpuSeconds, double WallSeconds, long PeakResidentBytes, double CoreShare)
{
    /// <summary>CPU package energy in joules for this calculation (RAPL delta x its CPU-time share), or null when no counter was read.</summary>
    public double? MeasuredPackageJoules { get; init; }
    /// <summary>GPU energy in joules from the driver's counter, or null.</summary>
    public double? MeasuredGpuJoules { get; init; }
    /// <summary>Memory a scheduler granted, in bytes; null means the machine's memory x <see cref="CoreShare"/>.</summary>
    public long? GrantedMemoryBytes { get; init; }
}
