namespace Greenspace.Ledger;

/// <summary>
/// One CPU model of the Green Algorithms tables: the whole chip's TDP, its core count and its die area
/// (for the embodied emissions). Power per core is the chip's TDP divided by its cores, as in the
/// calculator v3.1 (<c>CPUpower_per_core = CPUpower / CPU_model_n_cores</c>).
/// </summary>
public sealed record CpuSpec(string Model, string? Manufacturer, double TdpW, double Cores, double DieAreaCm2)
{
    public double TdpPerCoreW => TdpW / Cores;
    public double DieAreaPerCoreCm2 => DieAreaCm2 / Cores;
}
