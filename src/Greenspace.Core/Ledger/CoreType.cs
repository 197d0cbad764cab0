namespace Greenspace.Ledger;

/// <summary>Which processors a job used, as the calculator's coreType: "CPU", "GPU", or both ("CPU + GPU", earlier "Both").</summary>
[Flags]
public enum CoreType
{
    Cpu = 1,
    Gpu = 2,
    CpuAndGpu = Cpu | Gpu,
}

/// <summary>The calculator's coreType strings, both ways.</summary>
public static class CoreTypes
{
    public static CoreType Parse(string? coreType) => coreType?.Trim().ToUpperInvariant() switch
    {
        "CPU" => CoreType.Cpu,
        "GPU" => CoreType.Gpu,
        "CPU + GPU" or "CPU+GPU" or "BOTH" => CoreType.CpuAndGpu,
        _ => throw new FootprintInputException($"the core type '{coreType}' is not one the calculator knows; use CPU, GPU or CPU + GPU"),
    };

    public static string ToCalculatorName(this CoreType coreType) => coreType switch
    {
        CoreType.Cpu => "CPU",
        CoreType.Gpu => "GPU",
        _ => "CPU + GPU",
    };
}
