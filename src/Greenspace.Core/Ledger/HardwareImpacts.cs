namespace Greenspace.Ledger;

/// <summary>
/// The constants of the Green Algorithms v3.1 manufacturing (embodied) model and memory power, from
/// data/green-algorithms/hardware-impacts.csv (each row there names its source). GWP in gCO2e, ADP
/// (abiotic depletion) in kg antimony equivalent, lifespans are active hours (lifespan x active-use rate).
/// </summary>
public sealed record HardwareImpacts
{
    public required double MemoryPowerWPerGb { get; init; }
    public required double CpuDieGwpGPerCm2 { get; init; }
    public required double CpuBaseGwpG { get; init; }
    public required double CpuDieAdpKgSbPerCm2 { get; init; }
    public required double CpuBaseAdpKgSb { get; init; }
    public required double RamDieGwpGPerCm2 { get; init; }
    public required double RamBaseGwpG { get; init; }
    public required double RamDieAdpKgSbPerCm2 { get; init; }
    public required double RamBaseAdpKgSb { get; init; }
    public required double RamDensityGbPerCm2 { get; init; }
    public required double RamStripSizeGb { get; init; }
    public required double GpuDieGwpGPerCm2 { get; init; }
    public required double GpuBaseGwpG { get; init; }
    public required double GpuDieAdpKgSbPerCm2 { get; init; }
    public required double GpuBaseAdpKgSb { get; init; }
    /// <summary>Motherboard + assembly + rack casing + power supply of one server (gCO2e).</summary>
    public required double ServerOtherGwpG { get; init; }
    public required double ServerOtherAdpKgSb { get; init; }
    public required double LaptopBaseGwpG { get; init; }
    public required double LaptopBaseAdpKgSb { get; init; }
    public required double DesktopBaseGwpG { get; init; }
    public required double DesktopBaseAdpKgSb { get; init; }
    public required double ActiveLifespanLocalServerHours { get; init; }
    public required double ActiveLifespanCloudServerHours { get; init; }
    public required double ActiveLifespanLaptopHours { get; init; }
    public required double ActiveLifespanDesktopHours { get; init; }
    public required double CpusPerServer { get; init; }
    public required double GpusPerLocalServer { get; init; }
    public required double GpusPerCloudServer { get; init; }

    internal static HardwareImpacts From(IReadOnlyDictionary<string, double> v)
    {
        double Get(string name) => v.TryGetValue(name, out var x) ? x
            : throw new InvalidDataException($"hardware-impacts.csv has no row '{name}'");
        return new HardwareImpacts
        {
            MemoryPowerWPerGb = Get("memoryPower"),
            CpuDieGwpGPerCm2 = Get("cpu_die_impact_gwp"),
            CpuBaseGwpG = Get("cpu_base_impact_gwp"),
            CpuDieAdpKgSbPerCm2 = Get("cpu_die_impact_adp"),
            CpuBaseAdpKgSb = Get("cpu_base_impact_adp"),
            RamDieGwpGPerCm2 = Get("ram_die_impact_gwp"),
            RamBaseGwpG = Get("ram_base_impact_gwp"),
            RamDieAdpKgSbPerCm2 = Get("ram_die_impact_adp"),
            RamBaseAdpKgSb = Get("ram_base_impact_adp"),
            RamDensityGbPerCm2 = Get("ram_density"),
            RamStripSizeGb = Get("ram_default_strip_size"),
            GpuDieGwpGPerCm2 = Get("gpu_die_impact_gwp"),
            GpuBaseGwpG = Get("gpu_base_impact_gwp"),
            GpuDieAdpKgSbPerCm2 = Get("gpu_die_impact_adp"),
            GpuBaseAdpKgSb = Get("gpu_base_impact_adp"),
            ServerOtherGwpG = Get("motherboard_impact_gwp") + Get("assembly_impact_gwp") + Get("rack_casing_impact_gwp") + Get("PSU_impact_gwp"),
            ServerOtherAdpKgSb = Get("motherboard_impact_adp") + Get("assembly_impact_adp") + Get("rack_casing_impact_adp") + Get("PSU_impact_adp"),
            LaptopBaseGwpG = Get("laptop_base_impact_gwp"),
            LaptopBaseAdpKgSb = Get("laptop_base_impact_adp"),
            DesktopBaseGwpG = Get("desktop_computer_base_impact_gwp"),
            DesktopBaseAdpKgSb = Get("desktop_computer_base_impact_adp"),
            ActiveLifespanLocalServerHours = Get("active_lifespan_local_server"),
            ActiveLifespanCloudServerHours = Get("active_lifespan_cloud_server"),
            ActiveLifespanLaptopHours = Get("active_lifespan_laptop"),
            ActiveLifespanDesktopHours = Get("active_lifespan_desktop_computer"),
            CpusPerServer = Get("nb_CPU_per_server"),
            GpusPerLocalServer = Get("nb_GPU_local_per_server"),
            GpusPerCloudServer = Get("nb_GPU_cloud_per_server"),
        };
    }
}
