namespace Greenspace.Ledger;

/// <summary>
/// The energy and carbon of one calculation: how the energy was obtained, a central value with a
/// low-high band, operational carbon with the same band, embodied (manufacturing) carbon as a separate
/// figure, and the PUE and carbon intensity used with their sources.
/// </summary>
public sealed record CalculationFootprint
{
    public required EnergyMethod Method { get; init; }
    /// <summary>How GPU energy was obtained, when there was any.</summary>
    public required EnergyMethod? GpuMethod { get; init; }

    public required double EnergyKwh { get; init; }
    public required double EnergyLowKwh { get; init; }
    public required double EnergyHighKwh { get; init; }
    /// <summary>The CPU (or measured package) part of <see cref="EnergyKwh"/>, PUE included.</summary>
    public required double CpuEnergyKwh { get; init; }
    public required double MemoryEnergyKwh { get; init; }
    public required double GpuEnergyKwh { get; init; }

    public required double OperationalCarbonGco2e { get; init; }
    public required double OperationalCarbonLowGco2e { get; init; }
    public required double OperationalCarbonHighGco2e { get; init; }
    /// <summary>Manufacturing emissions of the share of the hardware held, for the wall time held, over its active lifetime.</summary>
    public required double EmbodiedCarbonGco2e { get; init; }

    public required double TdpPerCoreW { get; init; }
    public required double MemoryChargedGb { get; init; }
    public required double Pue { get; init; }
    public required string PueSource { get; init; }
    public required GridCarbonIntensity CarbonIntensity { get; init; }
    public required string Convention { get; init; }
}
