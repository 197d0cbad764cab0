namespace Greenspace.Ledger;

/// <summary>
/// A job as the Green Algorithms calculator v3.1 takes it (the input columns of its CSV export). Values
/// that the tables resolve (a CPU's TDP, a zone's carbon intensity, a platform's PUE) may be left null;
/// a value given where the calculator would also take it from the user (a custom CPU's TDP, a PUE with
/// <see cref="PueGiven"/>, a custom carbon intensity) is used as given.
/// </summary>
public sealed record GreenAlgorithmsJob
{
    public string? Name { get; init; }
    public CoreType CoreType { get; init; } = CoreType.Cpu;

    /// <summary>A model of the CPU table, "Average", or "other" (then <see cref="CpuModelCores"/>, <see cref="CpuTdpW"/> and <see cref="CpuDieAreaCm2"/> describe the chip).</summary>
    public string? CpuModel { get; init; }
    /// <summary>Cores the job used (numberCPUs).</summary>
    public double CpuCores { get; init; }
    /// <summary>Cores of the whole chip (CPU_model_n_cores).</summary>
    public double? CpuModelCores { get; init; }
    /// <summary>TDP of the whole chip (tdpCPU): in v3.1 power per core is this over <see cref="CpuModelCores"/>.</summary>
    public double? CpuTdpW { get; init; }
    public double? CpuDieAreaCm2 { get; init; }
    /// <summary>usageCPUradio = Yes: <see cref="CpuUsage"/> is used, else 1.</summary>
    public bool CpuUsageGiven { get; init; }
    public double CpuUsage { get; init; } = 1;

    public string? GpuModel { get; init; }
    public double GpuCount { get; init; }
    public double? GpuTdpW { get; init; }
    public double? GpuDieAreaCm2 { get; init; }
    public double? GpuMemoryGb { get; init; }
    public bool GpuUsageGiven { get; init; }
    public double GpuUsage { get; init; } = 1;

    public double MemoryGb { get; init; }
    public double RuntimeHours { get; init; }

    public ComputingPlatform Platform { get; init; } = ComputingPlatform.LocalServer;
    /// <summary>Cloud provider code ("gcp", "aws", "azure", ...) or "other".</summary>
    public string? Provider { get; init; }
    /// <summary>Cloud data centre ("gcp--europe-west3") or "other".</summary>
    public string? Server { get; init; }

    /// <summary>The electricity zone (Electricity Maps id, or "GLOBAL" for the world), a country name, or "custom" for <see cref="CarbonIntensityGramsPerKwh"/>.</summary>
    public string? Location { get; init; }
    /// <summary>A custom carbon intensity, or the value to use when the tables do not know <see cref="Location"/>.</summary>
    public double? CarbonIntensityGramsPerKwh { get; init; }

    /// <summary>PUEradio = Yes: <see cref="Pue"/> is used where the calculator asks for it (a local server, an unlisted cloud).</summary>
    public bool PueGiven { get; init; }
    public double? Pue { get; init; }

    /// <summary>mult_factor_radio = Yes: <see cref="Multiplier"/> (how many times the job ran) is used, else 1.</summary>
    public bool MultiplierGiven { get; init; }
    public double Multiplier { get; init; } = 1;

    public string? LocationContinent { get; init; }
    public string? LocationCountry { get; init; }
    public string? LocationRegion { get; init; }
    public string? ServerContinent { get; init; }

    public bool UsesCpu => CoreType.HasFlag(CoreType.Cpu);
    public bool UsesGpu => CoreType.HasFlag(CoreType.Gpu);
}
