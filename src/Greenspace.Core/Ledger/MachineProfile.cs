using System.Globalization;

namespace Greenspace.Ledger;

/// <summary>
/// The machine a calculation ran on, as the energy model needs it: CPU (identified model, or the family
/// a virtual machine's bare "AMD EPYC" implies, with its TDP per core and the band for it), logical CPUs,
/// physical cores and SMT, memory, platform and PUE, location-based carbon intensity, and which energy
/// counters exist. Built by <see cref="Detect"/> from /proc and /sys, overridden by <see cref="MachineSettings"/>.
/// </summary>
public sealed record MachineProfile
{
    public required string CpuModelName { get; init; }
    /// <summary>How the CPU's TDP was found: a table model, a family, a given value, or the table's Average.</summary>
    public required string CpuIdentification { get; init; }
    /// <summary>The CPU family /proc/cpuinfo's numbers point to, when the model itself is not identified.</summary>
    public required CpuFamily? CpuFamily { get; init; }
    public required double TdpPerCoreW { get; init; }
    /// <summary>Lowest TDP per core the CPU could have (its family's lowest, or <see cref="TdpPerCoreW"/> when identified).</summary>
    public required double TdpPerCoreMinW { get; init; }
    public required double TdpPerCoreMaxW { get; init; }
    public required string TdpSource { get; init; }
    /// <summary>Cores and die area of one chip, for the embodied emissions (the table's Average chip when unidentified).</summary>
    public required double ChipCores { get; init; }
    public required double ChipDieAreaCm2 { get; init; }

    public required int LogicalCpus { get; init; }
    public required int PhysicalCores { get; init; }
    public required bool SmtActive { get; init; }
    public required bool IsVirtualMachine { get; init; }
    /// <summary>A logical CPU may be one SMT thread (half a core): SMT is on, or a hypervisor hides the host's topology.</summary>
    public bool LogicalCpuMayBeSmtThread => SmtActive || IsVirtualMachine;

    public required double MemoryGb { get; init; }
    public required ComputingPlatform Platform { get; init; }
    public required string? Provider { get; init; }
    public required double Pue { get; init; }
    public required string PueSource { get; init; }
    public required GridCarbonIntensity CarbonIntensity { get; init; }
    public required EnergyCounterProbe EnergyCounters { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Reads /proc/cpuinfo, /proc/meminfo and the energy counters under the given roots, then applies <paramref name="settings"/>.</summary>
    public static MachineProfile Detect(GreenAlgorithmsTables tables, MachineSettings? settings = null, string procRoot = "/proc", string sysRoot = "/sys", string devRoot = "/dev")
    {
        settings ??= new MachineSettings();
        var cpu = CpuInfo.Parse(File.ReadAllText(Path.Combine(procRoot, "cpuinfo")));
        var memTotalGb = ReadMemTotalGb(Path.Combine(procRoot, "meminfo"));
        return Build(tables, settings, cpu, memTotalGb, EnergyCounterProbe.Probe(sysRoot, devRoot));
    }

    public static MachineProfile Build(GreenAlgorithmsTables tables, MachineSettings settings, CpuInfo cpu, double memTotalGb, EnergyCounterProbe counters)
    {
        var notes = new List<string>();
        var average = tables.AverageCpu;
        CpuFamily? family = null;
        CpuSpec? chip;
        double central, min, max;
        string identification, tdpSource;
        if (settings.TdpPerCoreW is { } given)
        {
            if (given <= 0)
                throw new FootprintInputException($"the TDP per core {given} W is not positive; give the chip's TDP divided by its cores");
            chip = settings.CpuModel is null ? null : tables.FindCpu(settings.CpuModel);
            (central, min, max) = (given, given, given);
            identification = $"TDP per core given ({given:0.###} W)";
            tdpSource = "given";
        }
        else if (settings.CpuModel is not null)
        {
            chip = tables.FindCpu(settings.CpuModel) ?? throw new FootprintInputException(
                $"the CPU model '{settings.CpuModel}' is not in data/green-algorithms/cpus.csv; give one of its models or the TDP per core");
            (central, min, max) = (chip.TdpPerCoreW, chip.TdpPerCoreW, chip.TdpPerCoreW);
            identification = $"{chip.Model} (given)";
            tdpSource = $"Green Algorithms CPU table: {chip.TdpW:0.#} W / {chip.Cores:0.##} cores";
        }
        else if ((chip = tables.IdentifyCpu(cpu.ModelName)) is not null)
        {
            (central, min, max) = (chip.TdpPerCoreW, chip.TdpPerCoreW, chip.TdpPerCoreW);
            identification = $"{chip.Model} (from /proc/cpuinfo model name '{cpu.ModelName}')";
            tdpSource = $"Green Algorithms CPU table: {chip.TdpW:0.#} W / {chip.Cores:0.##} cores";
        }
        else
        {
            family = tables.FindFamily(cpu.VendorId, cpu.Family, cpu.Model);
            central = average.TdpPerCoreW;
            if (family is not null)
            {
                (min, max) = (family.TdpPerCoreMinW, family.TdpPerCoreMaxW);
                identification = $"'{cpu.ModelName}', cpu family {cpu.Family} model {cpu.Model}: {family.Name}; the exact part is not reported";
                tdpSource = $"Green Algorithms Average CPU ({average.TdpPerCoreW:0.###} W/core); band {min:0.##}-{max:0.##} W/core of {family.Name} ({family.RangeSource})";
            }
            else
            {
                (min, max) = (tables.Cpus.Min(c => c.TdpPerCoreW), tables.Cpus.Max(c => c.TdpPerCoreW));
                identification = $"'{cpu.ModelName}', cpu family {cpu.Family} model {cpu.Model}: not in the tables";
                tdpSource = $"Green Algorithms Average CPU ({average.TdpPerCoreW:0.###} W/core); band {min:0.##}-{max:0.##} W/core of the whole CPU table";
            }
            notes.Add("CPU not identified: the central TDP per core is the calculator's Average; set GREENSPACE_CPU_MODEL or GREENSPACE_TDP_PER_CORE_W if you know the part.");
        }
        chip ??= average;

        var platform = ComputingPlatforms.Parse(settings.Platform ?? "localServer");
        var (pue, pueSource) = ResolvePue(tables, settings, platform);
        var carbon = ResolveCarbonIntensity(tables, settings, notes);
        if (!counters.HasPackageCounter)
            notes.Add("No readable energy counter: energy is modelled from CPU time x TDP per core.");
        if (cpu.Hypervisor)
            notes.Add("Virtual machine (hypervisor flag): a logical CPU may be one SMT thread of the host, so the band's low end counts half a core.");

        return new MachineProfile
        {
            CpuModelName = cpu.ModelName,
            CpuIdentification = identification,
            CpuFamily = family,
            TdpPerCoreW = central,
            TdpPerCoreMinW = min,
            TdpPerCoreMaxW = max,
            TdpSource = tdpSource,
            ChipCores = chip.Cores,
            ChipDieAreaCm2 = chip.DieAreaCm2,
            LogicalCpus = cpu.LogicalCpus,
            PhysicalCores = cpu.PhysicalCores,
            SmtActive = cpu.SmtActive,
            IsVirtualMachine = cpu.Hypervisor,
            MemoryGb = settings.MemoryGb ?? memTotalGb,
            Platform = platform,
            Provider = settings.Provider,
            Pue = pue,
            PueSource = pueSource,
            CarbonIntensity = carbon,
            EnergyCounters = counters,
            Notes = notes,
        };
    }

    private static (double, string) ResolvePue(GreenAlgorithmsTables tables, MachineSettings settings, ComputingPlatform platform)
    {
        if (settings.Pue is { } given)
            return given >= 1 ? (given, "given")
                : throw new FootprintInputException($"the PUE {given} is below 1; a PUE is facility energy over IT energy, 1 or more");
        if (platform.IsPersonal())
            return (1.0, "personal computer: no data centre");
        var provider = platform == ComputingPlatform.CloudComputing ? tables.FindProviderPue(settings.Provider) : null;
        var pue = provider ?? tables.UnknownPue;
        return (pue.Pue, provider is null
            ? $"Green Algorithms default for an unknown data centre: {pue.Source} ({pue.Year})"
            : $"{pue.Provider} default: {pue.Source} ({pue.Year})");
    }

    private static GridCarbonIntensity ResolveCarbonIntensity(GreenAlgorithmsTables tables, MachineSettings settings, List<string> notes)
    {
        if (settings.CarbonIntensityGramsPerKwh is { } given)
            return given >= 0
                ? new GridCarbonIntensity(settings.Location ?? "custom", settings.Location ?? "", "given", given, DateTime.UtcNow.Year, "given by the user")
                : throw new FootprintInputException($"the carbon intensity {given} gCO2e/kWh is negative; give zero or more");
        if (settings.Location is not null)
            return tables.FindZone(settings.Location) ?? throw new FootprintInputException(
                $"the location '{settings.Location}' is not in data/green-algorithms/carbon-intensity.csv; give a zone id (DE, US-CAL-CISO), a country name, or a carbon intensity");
        notes.Add("No location set: the world average carbon intensity is used; set GREENSPACE_LOCATION (e.g. DE) for yours.");
        return tables.World;
    }

    private static double ReadMemTotalGb(string meminfo)
    {
        foreach (var line in File.ReadLines(meminfo))
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                return long.Parse(line["MemTotal:".Length..].Replace("kB", "").Trim(), CultureInfo.InvariantCulture) / (1024.0 * 1024.0);
        throw new InvalidDataException($"{meminfo} has no MemTotal line");
    }
}
