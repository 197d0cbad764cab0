namespace Greenspace.Ledger;

/// <summary>One GPU model of the Green Algorithms tables: board TDP, die area and on-board memory (both for the embodied emissions).</summary>
public sealed record GpuSpec(string Model, double TdpW, double DieAreaCm2, double MemoryGb);
