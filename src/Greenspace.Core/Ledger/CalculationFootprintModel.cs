namespace Greenspace.Ledger;

/// <summary>
/// The per-calculation convention: energy = (CPU seconds x TDP per core + memory GB x 0.3725 W/GB x wall
/// seconds) x PUE, the usage being already in the CPU seconds; memory is charged as Green Algorithms does,
/// for the memory available to the calculation (machine memory x its core share, or a scheduler's grant),
/// with its peak resident memory as the band's low end. The band spans 50% to 100% of TDP, a logical CPU
/// that is one SMT thread (half a core), and an unidentified CPU's family range of TDP per core. Embodied
/// carbon is the Green Algorithms v3.1 manufacturing model for the cores and memory held, for the wall time.
/// </summary>
public sealed class CalculationFootprintModel(GreenAlgorithmsTables tables)
{
    public const string Convention =
        "energy = (CPU s x TDP/core + memory GB x 0.3725 W/GB x wall s) x PUE; memory = machine memory x core share (peak RSS at the low end); "
        + "band: 50-100% of TDP, an SMT thread as half a core, an unidentified CPU's family TDP range; "
        + "embodied: Green Algorithms v3.1 manufacturing of the cores and memory held, over active lifetime";

    /// <summary>The lowest share of TDP a busy core draws, for the band's low end.</summary>
    public const double LowTdpFraction = 0.5;
    /// <summary>A logical CPU that is one of two SMT threads counts as half a core at the band's low end.</summary>
    public const double SmtThreadCoreFraction = 0.5;

    private const double JoulesPerKwh = 3.6e6;
    private const double BytesPerGb = 1024.0 * 1024 * 1024;

    private readonly GreenAlgorithmsCalculator _calculator = new(tables);

    public CalculationFootprint Estimate(CalculationUsage usage, MachineProfile machine)
    {
        Validate(usage);
        var impacts = tables.Impacts;
        var measured = usage.MeasuredPackageJoules is not null;

        var cpuJ = usage.MeasuredPackageJoules ?? usage.CpuSeconds * machine.TdpPerCoreW;
        var cpuLowJ = usage.MeasuredPackageJoules
            ?? usage.CpuSeconds * machine.TdpPerCoreMinW * LowTdpFraction * (machine.LogicalCpuMayBeSmtThread ? SmtThreadCoreFraction : 1.0);
        var cpuHighJ = usage.MeasuredPackageJoules ?? usage.CpuSeconds * machine.TdpPerCoreMaxW;

        var peakGb = usage.PeakResidentBytes / BytesPerGb;
        var availableGb = usage.GrantedMemoryBytes is { } granted ? granted / BytesPerGb : machine.MemoryGb * usage.CoreShare;
        // A calculation that outgrew its share is charged for what it used.
        var chargedGb = Math.Max(availableGb, peakGb);
        var memoryJ = chargedGb * impacts.MemoryPowerWPerGb * usage.WallSeconds;
        var memoryLowJ = peakGb * impacts.MemoryPowerWPerGb * usage.WallSeconds;
        var gpuJ = usage.MeasuredGpuJoules ?? 0;

        double Kwh(double joules) => joules * machine.Pue / JoulesPerKwh;
        var energy = Kwh(cpuJ + memoryJ + gpuJ);
        var low = Kwh(cpuLowJ + memoryLowJ + gpuJ);
        var high = Kwh(cpuHighJ + memoryJ + gpuJ);
        var ci = machine.CarbonIntensity.GramsCo2ePerKwh;

        return new CalculationFootprint
        {
            Method = measured ? EnergyMethod.MeasuredRapl : EnergyMethod.CpuTimeTimesModel,
            GpuMethod = usage.MeasuredGpuJoules is null ? null : EnergyMethod.MeasuredGpuCounter,
            EnergyKwh = energy,
            EnergyLowKwh = low,
            EnergyHighKwh = high,
            CpuEnergyKwh = Kwh(cpuJ),
            MemoryEnergyKwh = Kwh(memoryJ),
            GpuEnergyKwh = Kwh(gpuJ),
            OperationalCarbonGco2e = energy * ci,
            OperationalCarbonLowGco2e = low * ci,
            OperationalCarbonHighGco2e = high * ci,
            EmbodiedCarbonGco2e = Embodied(usage, machine, availableGb),
            TdpPerCoreW = machine.TdpPerCoreW,
            MemoryChargedGb = chargedGb,
            Pue = machine.Pue,
            PueSource = machine.PueSource,
            CarbonIntensity = machine.CarbonIntensity,
            Convention = Convention,
        };
    }

    /// <summary>Green Algorithms' manufacturing figure for the physical cores and memory the calculation held, for its wall time.</summary>
    private double Embodied(CalculationUsage usage, MachineProfile machine, double memoryGb)
    {
        var coresHeld = usage.CoreShare * machine.PhysicalCores;
        var job = new GreenAlgorithmsJob
        {
            Name = "calculation",
            CoreType = CoreType.Cpu,
            CpuModel = "other",
            CpuCores = coresHeld,
            CpuModelCores = machine.ChipCores,
            CpuTdpW = machine.TdpPerCoreW * machine.ChipCores,
            CpuDieAreaCm2 = machine.ChipDieAreaCm2,
            MemoryGb = memoryGb,
            RuntimeHours = usage.WallSeconds / 3600.0,
            Platform = machine.Platform,
            Location = "custom",
            CarbonIntensityGramsPerKwh = machine.CarbonIntensity.GramsCo2ePerKwh,
        };
        var result = _calculator.Compute(job);
        // A personal computer's other parts count whole in the calculator; a calculation holds only its share of them.
        return machine.Platform.IsPersonal()
            ? result.ManufacturingCarbonEmissionsGco2e - result.ManufacturingOtherGco2e * (1 - usage.CoreShare)
            : result.ManufacturingCarbonEmissionsGco2e;
    }

    private static void Validate(CalculationUsage usage)
    {
        if (usage.CpuSeconds < 0 || usage.WallSeconds < 0 || usage.PeakResidentBytes < 0 || double.IsNaN(usage.CpuSeconds) || double.IsNaN(usage.WallSeconds))
            throw new FootprintInputException($"a calculation's usage has a negative CPU time, wall time or memory ({usage}); measure it again");
        if (usage.CoreShare is <= 0 or > 1 || double.IsNaN(usage.CoreShare))
            throw new FootprintInputException($"a calculation's core share {usage.CoreShare} is not in (0, 1]; give its cores over the machine's logical CPUs");
        if (usage.MeasuredPackageJoules is < 0 || usage.MeasuredGpuJoules is < 0)
            throw new FootprintInputException("a measured energy is negative; a counter delta across a wrap-around must be corrected before it is attributed");
    }
}
