namespace Greenspace.Ledger;

/// <summary>
/// What the Green Algorithms calculator v3.1 reports for a job (the result columns of its CSV export),
/// with the values it resolved from the tables. Carbon in gCO2e, energy in kWh, power in W, abiotic
/// depletion in kg antimony equivalent.
/// </summary>
public sealed record GreenAlgorithmsResult
{
    public required GreenAlgorithmsJob Job { get; init; }

    public required double PowerNeededW { get; init; }
    public required double EnergyNeededKwh { get; init; }
    public required double CarbonEmissionsGco2e { get; init; }
    public required double ManufacturingCarbonEmissionsGco2e { get; init; }
    public required double ManufacturingAbioticResourcesKgSbe { get; init; }

    public required double EnergyCpuKwh { get; init; }
    public required double EnergyGpuKwh { get; init; }
    public required double EnergyMemoryKwh { get; init; }
    public required double CarbonCpuGco2e { get; init; }
    public required double CarbonGpuGco2e { get; init; }
    public required double CarbonMemoryGco2e { get; init; }
    public double CarbonCoreGco2e => CarbonCpuGco2e + CarbonGpuGco2e;

    public required double ManufacturingCpuGco2e { get; init; }
    public required double ManufacturingGpuGco2e { get; init; }
    public required double ManufacturingMemoryGco2e { get; init; }
    public required double ManufacturingOtherGco2e { get; init; }
    public required double ManufacturingCpuKgSbe { get; init; }
    public required double ManufacturingGpuKgSbe { get; init; }
    public required double ManufacturingMemoryKgSbe { get; init; }
    public required double ManufacturingOtherKgSbe { get; init; }

    // What the calculator used, resolved from the tables where the job left it open.
    public required double CpuTdpW { get; init; }
    public required double CpuModelCores { get; init; }
    public required double CpuDieAreaCm2 { get; init; }
    public required double CpuUsage { get; init; }
    public required double GpuTdpW { get; init; }
    public required double GpuDieAreaCm2 { get; init; }
    public required double GpuMemoryGb { get; init; }
    public required double GpuUsage { get; init; }
    public required double Pue { get; init; }
    public required string PueSource { get; init; }
    public required double CarbonIntensityGramsPerKwh { get; init; }
    /// <summary>The zone, year and source of the carbon intensity, or "custom" / "as given".</summary>
    public required string CarbonIntensitySource { get; init; }
    public required string? ZoneId { get; init; }
    public required double Multiplier { get; init; }
    public required double ActiveLifespanHours { get; init; }

    /// <summary>Operational plus embodied carbon.</summary>
    public double TotalCarbonGco2e => CarbonEmissionsGco2e + ManufacturingCarbonEmissionsGco2e;
}
