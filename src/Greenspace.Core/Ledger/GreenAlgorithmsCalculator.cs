namespace Greenspace.Ledger;

/// <summary>
/// The Green Algorithms calculator v3.1 (Lannelongue, Grealey and Inouye, Adv. Sci. 2021, 2100707) in C#:
/// power, energy, operational carbon and the embodied (manufacturing) emissions of a job, computed as
/// <c>aggregate_input_values</c> in blueprints/form/form_blueprint.py of the calculator does
/// (github.com/Cambridge-Sustainable-Computing-Lab/Green-Algorithms-calculator, commit 7ac110ed3c65;
/// the same code is in GreenAlgorithms/green-algorithms-tool).
/// </summary>
public sealed class GreenAlgorithmsCalculator(GreenAlgorithmsTables tables)
{
    private const double WhPerKwh = 1000;

    public GreenAlgorithmsTables Tables { get; } = tables;

    public GreenAlgorithmsResult Compute(GreenAlgorithmsJob job)
    {
        Validate(job);
        var impacts = Tables.Impacts;

        // PUE and hardware lifespan: a personal computer has no data centre (PUE 1); a local server
        // takes the "Unknown" default; a cloud job its provider's default unless the provider is "other".
        var (pue, pueSource) = DefaultPue(job);
        var lifespanHours = job.Platform switch
        {
            ComputingPlatform.DesktopComputer => impacts.ActiveLifespanDesktopHours,
            ComputingPlatform.PersonalLaptop => impacts.ActiveLifespanLaptopHours,
            ComputingPlatform.LocalServer => impacts.ActiveLifespanLocalServerHours,
            _ => impacts.ActiveLifespanCloudServerHours,
        };
        // The form asks for a PUE only for a local server or an unlisted cloud; only then is the typed one used.
        if (PueQuestionShown(job) && job.PueGiven)
        {
            pue = job.Pue ?? throw new FootprintInputException($"{Named(job)}says its PUE is given (PUEradio Yes) but gives none; give a PUE of at least 1");
            pueSource = "given";
        }

        double cpuDynamicW = 0, cpuGwpPerHour = 0, cpuAdpPerHour = 0, cpuTdp = 0, cpuModelCores = 0, cpuDie = 0, cpuUsage = 0;
        if (job.UsesCpu)
        {
            (cpuModelCores, cpuTdp, cpuDie) = ResolveCpu(job);
            var powerPerCore = cpuTdp / cpuModelCores;
            var diePerCore = cpuDie / cpuModelCores;
            cpuUsage = job.CpuUsageGiven ? job.CpuUsage : 1.0;
            cpuDynamicW = pue * job.CpuCores * powerPerCore * cpuUsage;
            cpuGwpPerHour = job.CpuCores * (diePerCore * impacts.CpuDieGwpGPerCm2 + impacts.CpuBaseGwpG / cpuModelCores) / lifespanHours;
            cpuAdpPerHour = job.CpuCores * (diePerCore * impacts.CpuDieAdpKgSbPerCm2 + impacts.CpuBaseAdpKgSb / cpuModelCores) / lifespanHours;
        }

        double gpuDynamicW = 0, gpuGwpPerHour = 0, gpuAdpPerHour = 0, gpuTdp = 0, gpuDie = 0, gpuMemory = 0, gpuUsage = 0;
        if (job.UsesGpu)
        {
            (gpuTdp, gpuDie, gpuMemory) = ResolveGpu(job);
            gpuUsage = job.GpuUsageGiven ? job.GpuUsage : 1.0;
            gpuDynamicW = pue * job.GpuCount * gpuTdp * gpuUsage;
            // A card is its die, a fixed part, and its on-board memory counted as RAM dies.
            var gwpPerCard = gpuDie * impacts.GpuDieGwpGPerCm2 + impacts.GpuBaseGwpG + impacts.RamDieGwpGPerCm2 * gpuMemory / impacts.RamDensityGbPerCm2;
            var adpPerCard = gpuDie * impacts.GpuDieAdpKgSbPerCm2 + impacts.GpuBaseAdpKgSb + impacts.RamDieAdpKgSbPerCm2 * gpuMemory / impacts.RamDensityGbPerCm2;
            gpuGwpPerHour = job.GpuCount * gwpPerCard / lifespanHours;
            gpuAdpPerHour = job.GpuCount * adpPerCard / lifespanHours;
        }

        // Memory is made of default strips: area per strip x die impact + a fixed part per strip.
        var stripAreaCm2 = impacts.RamStripSizeGb / impacts.RamDensityGbPerCm2;
        var strips = job.MemoryGb / impacts.RamStripSizeGb;
        var memoryGwpPerHour = (stripAreaCm2 * impacts.RamDieGwpGPerCm2 + impacts.RamBaseGwpG) * strips / lifespanHours;
        var memoryAdpPerHour = (stripAreaCm2 * impacts.RamDieAdpKgSbPerCm2 + impacts.RamBaseAdpKgSb) * strips / lifespanHours;

        // Other parts (motherboard, casing, power supply, assembly): a personal computer counts whole; a server
        // counts the fraction of servers used, by GPUs for a GPU-only job, else by CPU sockets (cores / cores per chip / sockets per server).
        double otherGwp, otherAdp;
        if (job.Platform == ComputingPlatform.DesktopComputer)
            (otherGwp, otherAdp) = (impacts.DesktopBaseGwpG, impacts.DesktopBaseAdpKgSb);
        else if (job.Platform == ComputingPlatform.PersonalLaptop)
            (otherGwp, otherAdp) = (impacts.LaptopBaseGwpG, impacts.LaptopBaseAdpKgSb);
        else
        {
            double servers = job.CoreType == CoreType.Gpu
                ? job.GpuCount / (job.Platform == ComputingPlatform.CloudComputing ? impacts.GpusPerCloudServer : impacts.GpusPerLocalServer)
                : job.CpuCores / (cpuModelCores * impacts.CpusPerServer);
            (otherGwp, otherAdp) = (impacts.ServerOtherGwpG * servers, impacts.ServerOtherAdpKgSb * servers);
        }

        var (carbonIntensity, ciSource, zone) = ResolveCarbonIntensity(job);
        var multiplier = job.MultiplierGiven ? job.Multiplier : 1.0;
        var hours = job.RuntimeHours;

        var memoryW = pue * job.MemoryGb * impacts.MemoryPowerWPerGb;
        var powerW = cpuDynamicW + gpuDynamicW + memoryW;
        double Kwh(double watts) => hours * watts * multiplier / WhPerKwh;
        double Embodied(double perHour) => hours * perHour * multiplier;

        var energyCpu = Kwh(cpuDynamicW);
        var energyGpu = Kwh(gpuDynamicW);
        var energyMemory = Kwh(memoryW);
        var energy = Kwh(powerW);
        var mCpu = Embodied(cpuGwpPerHour);
        var mGpu = Embodied(gpuGwpPerHour);
        var mMemory = Embodied(memoryGwpPerHour);
        var mOther = Embodied(otherGwp / lifespanHours);
        var aCpu = Embodied(cpuAdpPerHour);
        var aGpu = Embodied(gpuAdpPerHour);
        var aMemory = Embodied(memoryAdpPerHour);
        var aOther = Embodied(otherAdp / lifespanHours);

        return new GreenAlgorithmsResult
        {
            Job = job,
            PowerNeededW = powerW,
            EnergyNeededKwh = energy,
            CarbonEmissionsGco2e = energy * carbonIntensity,
            ManufacturingCarbonEmissionsGco2e = mCpu + mGpu + mMemory + mOther,
            ManufacturingAbioticResourcesKgSbe = aCpu + aGpu + aMemory + aOther,
            EnergyCpuKwh = energyCpu,
            EnergyGpuKwh = energyGpu,
            EnergyMemoryKwh = energyMemory,
            CarbonCpuGco2e = energyCpu * carbonIntensity,
            CarbonGpuGco2e = energyGpu * carbonIntensity,
            CarbonMemoryGco2e = energyMemory * carbonIntensity,
            ManufacturingCpuGco2e = mCpu,
            ManufacturingGpuGco2e = mGpu,
            ManufacturingMemoryGco2e = mMemory,
            ManufacturingOtherGco2e = mOther,
            ManufacturingCpuKgSbe = aCpu,
            ManufacturingGpuKgSbe = aGpu,
            ManufacturingMemoryKgSbe = aMemory,
            ManufacturingOtherKgSbe = aOther,
            CpuTdpW = cpuTdp,
            CpuModelCores = cpuModelCores,
            CpuDieAreaCm2 = cpuDie,
            CpuUsage = cpuUsage,
            GpuTdpW = gpuTdp,
            GpuDieAreaCm2 = gpuDie,
            GpuMemoryGb = gpuMemory,
            GpuUsage = gpuUsage,
            Pue = pue,
            PueSource = pueSource,
            CarbonIntensityGramsPerKwh = carbonIntensity,
            CarbonIntensitySource = ciSource,
            ZoneId = zone,
            Multiplier = multiplier,
            ActiveLifespanHours = lifespanHours,
        };
    }

    private (double Pue, string Source) DefaultPue(GreenAlgorithmsJob job)
    {
        if (job.Platform.IsPersonal())
            return (1.0, "personal computer: no data centre");
        var unknown = Tables.UnknownPue;
        var unknownSource = $"default for an unknown data centre, {unknown.Source} ({unknown.Year})";
        if (job.Platform == ComputingPlatform.LocalServer || IsOther(job.Provider) || string.IsNullOrWhiteSpace(job.Provider))
            return (unknown.Pue, unknownSource);
        // As the calculator: the data centre's own PUE when it lists one, else the provider's default. It looks the
        // server up whatever the provider, so a data centre left selected from another provider still counts.
        var provider = Tables.FindProviderPue(job.Provider);
        if (Tables.FindDatacentre(job.Server) is { Pue: { } own } datacentre)
            return (own, $"data centre {datacentre.ServerId}, from Green-Algorithms-data v3.1 DC-cloud_2023.csv");
        return provider is null
            ? (unknown.Pue, unknownSource + $"; no default for provider '{job.Provider}'")
            : (provider.Pue, $"{provider.Provider} default, {provider.Source} ({provider.Year})");
    }

    /// <summary>
    /// The data centre whose zone sets the carbon intensity: in the calculator a cloud job on a provider it lists
    /// data centres for, with a server that is not "other", takes the location of that server (its location fields are hidden).
    /// </summary>
    private CloudDatacentre? LocatingDatacentre(GreenAlgorithmsJob job)
    {
        if (job.Platform != ComputingPlatform.CloudComputing || IsOther(job.Provider) || IsOther(job.Server)
            || string.IsNullOrWhiteSpace(job.Server) || !Tables.ListsDatacentres(job.Provider))
            return null;
        return Tables.FindDatacentre(job.Server) ?? throw new FootprintInputException(
            $"{Named(job)}runs on the data centre '{job.Server}', which data/green-algorithms/cloud-datacentres.csv does not list for v3.1; "
            + "give a listed one (e.g. gcp--europe-west3), or 'other' with a location");
    }

    private static bool PueQuestionShown(GreenAlgorithmsJob job) =>
        job.Platform == ComputingPlatform.LocalServer
        || (job.Platform == ComputingPlatform.CloudComputing && (IsOther(job.Provider) || IsOther(job.Server) || string.IsNullOrWhiteSpace(job.Provider)));

    private (double ModelCores, double TdpW, double DieAreaCm2) ResolveCpu(GreenAlgorithmsJob job)
    {
        var known = IsOther(job.CpuModel) ? null : Tables.FindCpu(job.CpuModel);
        if (known is not null)
            return (known.Cores, known.TdpW, known.DieAreaCm2);
        // "other" (or a model our tables lack): the calculator takes the chip as typed.
        if (job.CpuTdpW is { } tdp && job.CpuModelCores is { } cores && cores > 0)
            return (cores, tdp, job.CpuDieAreaCm2 ?? throw new FootprintInputException(
                $"{Named(job)}gives the CPU's TDP but not its die area; give the die area (cm2) or a CPU model from data/green-algorithms/cpus.csv"));
        throw new FootprintInputException(IsOther(job.CpuModel) || job.CpuModel is null
            ? $"{Named(job)}uses an unlisted CPU but does not give its TDP and core count; give both, or a CPU model from data/green-algorithms/cpus.csv"
            : $"{Named(job)}names the CPU '{job.CpuModel}', which data/green-algorithms/cpus.csv does not list; give its TDP and core count, or use 'Average'");
    }

    private (double TdpW, double DieAreaCm2, double MemoryGb) ResolveGpu(GreenAlgorithmsJob job)
    {
        var known = IsOther(job.GpuModel) ? null : Tables.FindGpu(job.GpuModel);
        if (known is not null)
            return (known.TdpW, known.DieAreaCm2, known.MemoryGb);
        if (job.GpuTdpW is { } tdp)
            return (tdp, job.GpuDieAreaCm2 ?? Tables.AverageGpu.DieAreaCm2, job.GpuMemoryGb ?? Tables.AverageGpu.MemoryGb);
        throw new FootprintInputException(IsOther(job.GpuModel) || job.GpuModel is null
            ? $"{Named(job)}uses an unlisted GPU but does not give its TDP; give it, or a GPU model from data/green-algorithms/gpus.csv"
            : $"{Named(job)}names the GPU '{job.GpuModel}', which data/green-algorithms/gpus.csv does not list; give its TDP, or use 'Average'");
    }

    private (double GramsPerKwh, string Source, string? Zone) ResolveCarbonIntensity(GreenAlgorithmsJob job)
    {
        // A custom intensity wins even over a data centre's zone: the calculator checks its custom box first.
        if (string.Equals(job.Location, "custom", StringComparison.OrdinalIgnoreCase) || string.Equals(job.LocationContinent, "custom", StringComparison.OrdinalIgnoreCase))
            return (job.CarbonIntensityGramsPerKwh ?? throw new FootprintInputException($"{Named(job)}asks for a custom carbon intensity but gives none; give it in gCO2e/kWh"),
                "custom (given)", "custom");
        if (LocatingDatacentre(job) is { } datacentre)
        {
            var dcZone = Tables.FindZone(datacentre.ZoneId)!;
            return (dcZone.GramsCo2ePerKwh, $"data centre {datacentre.ServerId}: {dcZone.Describe()}", dcZone.ZoneId);
        }
        var zone = Tables.FindZone(job.Location);
        if (zone is not null)
            return (zone.GramsCo2ePerKwh, zone.Describe(), zone.ZoneId);
        if (job.CarbonIntensityGramsPerKwh is { } given)
            return (given, job.Location is null ? "given" : $"given for '{job.Location}', a zone the tables do not list", job.Location);
        throw new FootprintInputException(job.Location is null
            ? $"{Named(job)}gives no location; give a country or zone (e.g. DE, US-CAL-CISO, GLOBAL) or a carbon intensity in gCO2e/kWh"
            : $"{Named(job)}names the location '{job.Location}', which data/green-algorithms/carbon-intensity.csv does not list; give a zone id or country from that table, or a carbon intensity in gCO2e/kWh");
    }

    private static void Validate(GreenAlgorithmsJob job)
    {
        void NonNegative(double value, string what)
        {
            if (double.IsNaN(value) || value < 0)
                throw new FootprintInputException($"{Named(job)}has a negative or missing {what} ({value}); give zero or more");
        }
        NonNegative(job.RuntimeHours, "runtime");
        NonNegative(job.MemoryGb, "memory");
        if (job.UsesCpu)
            NonNegative(job.CpuCores, "number of CPU cores");
        if (job.UsesGpu)
            NonNegative(job.GpuCount, "number of GPUs");
        if (job.MultiplierGiven)
            NonNegative(job.Multiplier, "multiplier");
        if (job.PueGiven && job.Pue is < 1)
            throw new FootprintInputException($"{Named(job)}gives a PUE of {job.Pue}, below 1; a PUE is facility energy over IT energy, 1 or more");
        if (job.CpuUsageGiven && job.CpuUsage is < 0 or > 1 || job.GpuUsageGiven && job.GpuUsage is < 0 or > 1)
            throw new FootprintInputException($"{Named(job)}gives a usage factor outside 0 to 1; give the share of the time the cores were busy");
    }

    private static bool IsOther(string? value) => string.Equals(value, "other", StringComparison.OrdinalIgnoreCase);

    private static string Named(GreenAlgorithmsJob job) => job.Name is null ? "the job " : $"the job '{job.Name}' ";
}
