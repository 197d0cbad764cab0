using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Greenspace.Ledger;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary>
/// <c>greenspace footprint</c>: the energy, operational and embodied carbon of a declared job (Green
/// Algorithms v3.1), or of every row of a Green Algorithms export recomputed from its inputs beside the
/// calculator's own figures.
/// </summary>
public sealed class FootprintCommand : Command<FootprintCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--csv <FILE>")]
        [Description("A Green Algorithms export: recompute every row from its inputs and show ours beside the calculator's.")]
        public string? Csv { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("A name for the job (SusML row, CSV).")]
        public string? Name { get; init; }

        [CommandOption("--cores <N>")]
        [Description("CPU cores the job used.")]
        public double? Cores { get; init; }

        [CommandOption("--cpu-model <MODEL>")]
        [Description("A CPU of data/green-algorithms/cpus.csv (e.g. \"Xeon Platinum 8460Y+\", \"EPYC 7763\"). Default: the calculator's Average CPU.")]
        public string? CpuModel { get; init; }

        [CommandOption("--tdp-per-core <W>")]
        [Description("TDP per core in W, for a CPU the table lacks.")]
        public double? TdpPerCoreW { get; init; }

        [CommandOption("--tdp-cpu <W>")]
        [Description("TDP of the whole chip in W (with --chip-cores), for a CPU the table lacks.")]
        public double? TdpCpuW { get; init; }

        [CommandOption("--chip-cores <N>")]
        [Description("Cores of the whole chip, with --tdp-cpu.")]
        public double? ChipCores { get; init; }

        [CommandOption("--cpu-die-area <CM2>")]
        [Description("Die area of the chip in cm2 (embodied). Default: the Average CPU's per core.")]
        public double? CpuDieAreaCm2 { get; init; }

        [CommandOption("--usage-cpu <FRACTION>")]
        [Description("Share of the time the cores were busy (0-1). Default: 1.")]
        public double? UsageCpu { get; init; }

        [CommandOption("--gpus <N>")]
        [Description("GPUs the job used.")]
        public double? Gpus { get; init; }

        [CommandOption("--gpu-model <MODEL>")]
        [Description("A GPU of data/green-algorithms/gpus.csv (e.g. \"NVIDIA H100 PCIe\"). Default: the Average GPU.")]
        public string? GpuModel { get; init; }

        [CommandOption("--tdp-gpu <W>")]
        [Description("TDP of one GPU in W, for a GPU the table lacks.")]
        public double? TdpGpuW { get; init; }

        [CommandOption("--usage-gpu <FRACTION>")]
        [Description("Share of the time the GPUs were busy (0-1). Default: 1.")]
        public double? UsageGpu { get; init; }

        [CommandOption("--memory-gb <GB>")]
        [Description("Memory available to the job, in GB.")]
        public double? MemoryGb { get; init; }

        [CommandOption("--runtime-hours <H>")]
        [Description("Wall time of the job in hours.")]
        public double? RuntimeHours { get; init; }

        [CommandOption("--location <ZONE>")]
        [Description("Electricity zone or country (DE, US-CAL-CISO, Germany, GLOBAL). Default: GREENSPACE_LOCATION, the machine config, else GLOBAL (the world average, 480 gCO2e/kWh).")]
        public string? Location { get; init; }

        [CommandOption("--carbon-intensity <G_PER_KWH>")]
        [Description("Carbon intensity in gCO2e/kWh, instead of a location.")]
        public double? CarbonIntensity { get; init; }

        [CommandOption("--pue <PUE>")]
        [Description("Power usage effectiveness of the data centre. Default: 1.56 (unknown data centre), a provider's default in the cloud, 1 on a personal computer.")]
        public double? Pue { get; init; }

        [CommandOption("--platform <PLATFORM>")]
        [Description("localServer (default), cloudComputing, desktop_computer or personal_laptop.")]
        public string? Platform { get; init; }

        [CommandOption("--provider <PROVIDER>")]
        [Description("Cloud provider (gcp, aws, azure, OVHcloud, Oracle, other).")]
        public string? Provider { get; init; }

        [CommandOption("--server <ID>")]
        [Description("A cloud data centre as the calculator names it (gcp--europe-west3, azure--UK South): its zone and PUE are used. Implies --platform cloudComputing and its provider.")]
        public string? Server { get; init; }

        [CommandOption("--multiplier <N>")]
        [Description("How many times the job ran (Green Algorithms' multiplicative factor). Default: 1.")]
        public double? Multiplier { get; init; }

        [CommandOption("--output-csv <FILE>")]
        [Description("Also write the results as a Green Algorithms CSV, to load into the calculator and cross-check.")]
        public string? OutputCsv { get; init; }

        [CommandOption("--machine")]
        [Description("Show this machine's profile (CPU and its TDP band, memory, PUE, carbon intensity, energy counters) from /proc, the config file, GREENSPACE_* and these flags.")]
        public bool Machine { get; init; }

        [CommandOption("--json")]
        [Description("Print JSON for scripts instead of a table.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var calculator = new GreenAlgorithmsCalculator(GreenAlgorithmsTables.Default);
        if (settings.Machine)
            return ShowMachine(settings, calculator.Tables);
        return settings.Csv is null ? Declared(settings, calculator) : FromExport(settings, calculator);
    }

    private static int Declared(Settings s, GreenAlgorithmsCalculator calculator)
    {
        var notes = new List<string>();
        var job = DeclaredJob(s, calculator.Tables, notes);
        var result = calculator.Compute(job);
        WriteCsvIfAsked(s, [result]);
        if (s.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(Json(result, EnergyMethod.Declared, notes), JsonOptions));
            return ExitCodes.Success;
        }
        var table = new Table().RoundedBorder().AddColumns("figure", "value", "how");
        table.AddRow("method", EnergyMethod.Declared.ToString(), "a declared job, computed as Green Algorithms v3.1");
        table.AddRow("power", $"{result.PowerNeededW:G4} W", $"(cores x TDP/core x usage + GPUs x TDP + memory x 0.3725 W/GB) x PUE");
        table.AddRow("energy", Markup.Escape(FootprintFormat.Energy(result.EnergyNeededKwh)), $"{result.EnergyNeededKwh:G6} kWh = power x {job.RuntimeHours:G6} h x multiplier {result.Multiplier:G4}");
        table.AddRow("operational carbon", Markup.Escape(FootprintFormat.Carbon(result.CarbonEmissionsGco2e)), $"{result.CarbonEmissionsGco2e:G6} gCO2e = energy x carbon intensity");
        table.AddRow("embodied carbon", Markup.Escape(FootprintFormat.Carbon(result.ManufacturingCarbonEmissionsGco2e)), $"{result.ManufacturingCarbonEmissionsGco2e:G6} gCO2e, manufacturing over {result.ActiveLifespanHours:G6} active hours");
        table.AddRow("PUE", result.Pue.ToString("G4", CultureInfo.InvariantCulture), Markup.Escape(result.PueSource));
        table.AddRow("carbon intensity", $"{result.CarbonIntensityGramsPerKwh:G6} gCO2e/kWh", Markup.Escape(result.CarbonIntensitySource));
        if (job.UsesCpu)
            table.AddRow("CPU", $"{result.CpuTdpW / result.CpuModelCores:G4} W/core", Markup.Escape($"{job.CpuModel}: {result.CpuTdpW:G6} W / {result.CpuModelCores:G6} cores"));
        if (job.UsesGpu)
            table.AddRow("GPU", $"{result.GpuTdpW:G4} W", Markup.Escape(job.GpuModel ?? "given"));
        AnsiConsole.Write(table);
        foreach (var note in notes)
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        Console.WriteLine(FootprintFormat.SusMlRow(job.Name ?? "job", "declared job", result));
        return ExitCodes.Success;
    }

    private static int ShowMachine(Settings s, GreenAlgorithmsTables tables)
    {
        var profile = MachineProfile.Detect(tables, MachineSettings.Load(new MachineSettings
        {
            CpuModel = s.CpuModel, TdpPerCoreW = s.TdpPerCoreW, MemoryGb = s.MemoryGb, Pue = s.Pue, Location = s.Location,
            CarbonIntensityGramsPerKwh = s.CarbonIntensity, Platform = s.Platform, Provider = s.Provider,
        }));
        if (s.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                cpuModelName = profile.CpuModelName,
                cpuIdentification = profile.CpuIdentification,
                cpuFamily = profile.CpuFamily?.Name,
                tdpPerCoreW = profile.TdpPerCoreW,
                tdpPerCoreMinW = profile.TdpPerCoreMinW,
                tdpPerCoreMaxW = profile.TdpPerCoreMaxW,
                tdpSource = profile.TdpSource,
                logicalCpus = profile.LogicalCpus,
                physicalCores = profile.PhysicalCores,
                smtActive = profile.SmtActive,
                virtualMachine = profile.IsVirtualMachine,
                memoryGb = profile.MemoryGb,
                platform = profile.Platform.ToCalculatorName(),
                pue = profile.Pue,
                pueSource = profile.PueSource,
                carbonIntensityGco2ePerKwh = profile.CarbonIntensity.GramsCo2ePerKwh,
                carbonIntensityZone = profile.CarbonIntensity.ZoneId,
                carbonIntensityYear = profile.CarbonIntensity.Year,
                carbonIntensitySource = profile.CarbonIntensity.Source,
                energyCounters = profile.EnergyCounters.Describe(),
                notes = profile.Notes,
            }, JsonOptions));
            return ExitCodes.Success;
        }
        var table = new Table().RoundedBorder().AddColumns("machine", "value");
        table.AddRow("CPU", Markup.Escape(profile.CpuIdentification));
        table.AddRow("TDP per core", Markup.Escape($"{profile.TdpPerCoreW:G4} W (band {profile.TdpPerCoreMinW:G4}-{profile.TdpPerCoreMaxW:G4} W); {profile.TdpSource}"));
        table.AddRow("logical CPUs / cores", $"{profile.LogicalCpus} / {profile.PhysicalCores}{(profile.SmtActive ? ", SMT on" : "")}{(profile.IsVirtualMachine ? ", virtual machine" : "")}");
        table.AddRow("memory", $"{profile.MemoryGb:G4} GB");
        table.AddRow("PUE", Markup.Escape($"{profile.Pue:G4} ({profile.PueSource})"));
        table.AddRow("carbon intensity", Markup.Escape(profile.CarbonIntensity.Describe()));
        table.AddRow("energy counters", Markup.Escape(profile.EnergyCounters.Describe()));
        AnsiConsole.Write(table);
        foreach (var note in profile.Notes)
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(note)}[/]");
        return ExitCodes.Success;
    }

    private static GreenAlgorithmsJob DeclaredJob(Settings s, GreenAlgorithmsTables tables, List<string> notes)
    {
        if (s.Cores is null && s.Gpus is null)
            throw new UsageException("footprint needs --cores or --gpus (or --csv FILE); say what the job ran on");
        if (s.RuntimeHours is null)
            throw new UsageException("footprint needs --runtime-hours; give the job's wall time in hours");
        if (s.MemoryGb is null)
            throw new UsageException("footprint needs --memory-gb; give the memory available to the job in GB");
        var datacentre = s.Server is null ? null : tables.FindDatacentre(s.Server) ?? throw new UsageException(
            $"--server {s.Server} is not a data centre of data/green-algorithms/cloud-datacentres.csv; give one as provider--name (e.g. gcp--europe-west3), or --provider and --location");
        var machine = MachineSettings.Load(new MachineSettings
        {
            Location = s.Location, CarbonIntensityGramsPerKwh = s.CarbonIntensity, Pue = s.Pue,
            Platform = datacentre is null ? s.Platform : "cloudComputing", Provider = datacentre?.Provider ?? s.Provider,
        });
        var coreType = (s.Cores is > 0 ? CoreType.Cpu : 0) | (s.Gpus is > 0 ? CoreType.Gpu : 0);
        if (coreType == 0)
            coreType = s.Cores is not null ? CoreType.Cpu : CoreType.Gpu;
        var job = new GreenAlgorithmsJob
        {
            Name = s.Name,
            CoreType = coreType,
            CpuCores = s.Cores ?? 0,
            CpuUsageGiven = s.UsageCpu is not null,
            CpuUsage = s.UsageCpu ?? 1,
            GpuCount = s.Gpus ?? 0,
            GpuModel = s.TdpGpuW is not null ? "other" : s.GpuModel ?? GreenAlgorithmsTables.AverageModel,
            GpuTdpW = s.TdpGpuW,
            GpuUsageGiven = s.UsageGpu is not null,
            GpuUsage = s.UsageGpu ?? 1,
            MemoryGb = s.MemoryGb.Value,
            RuntimeHours = s.RuntimeHours.Value,
            Platform = ComputingPlatforms.Parse(machine.Platform ?? "localServer"),
            Provider = machine.Provider,
            Server = datacentre?.ServerId,
            MultiplierGiven = s.Multiplier is not null,
            Multiplier = s.Multiplier ?? 1,
        };
        job = WithCpu(job, s, tables, notes);
        if (machine.Pue is { } pue)
            // A typed PUE is used by the calculator only where it asks for one; an unlisted data centre makes it ask.
            job = job with { PueGiven = true, Pue = pue, Server = job.Platform == ComputingPlatform.CloudComputing ? "other" : null };
        if (machine.CarbonIntensityGramsPerKwh is { } ci)
            return job with { Location = "custom", CarbonIntensityGramsPerKwh = ci };
        if (machine.Location is null && datacentre is null)
            notes.Add("No location given: the world average carbon intensity is used (--location, GREENSPACE_LOCATION or the machine config set yours).");
        // With a typed PUE the data centre becomes "other" for the calculator: its zone then comes in as the location.
        return job with { Location = machine.Location ?? datacentre?.ZoneId ?? GreenAlgorithmsTables.WorldZoneId };
    }

    private static GreenAlgorithmsJob WithCpu(GreenAlgorithmsJob job, Settings s, GreenAlgorithmsTables tables, List<string> notes)
    {
        var average = tables.AverageCpu;
        if (s.TdpPerCoreW is { } perCore)
        {
            if (s.CpuDieAreaCm2 is null)
                notes.Add($"Embodied CPU emissions use the Average CPU's die area per core ({average.DieAreaPerCoreCm2:G4} cm2).");
            return job with { CpuModel = "other", CpuModelCores = 1, CpuTdpW = perCore, CpuDieAreaCm2 = s.CpuDieAreaCm2 ?? average.DieAreaPerCoreCm2 };
        }
        if (s.TdpCpuW is { } chipTdp)
        {
            var chipCores = s.ChipCores ?? throw new UsageException("--tdp-cpu needs --chip-cores, the cores of the whole chip, since power per core is the chip's TDP over its cores");
            if (s.CpuDieAreaCm2 is null)
                notes.Add($"Embodied CPU emissions use the Average CPU's die area per core ({average.DieAreaPerCoreCm2:G4} cm2).");
            return job with { CpuModel = "other", CpuModelCores = chipCores, CpuTdpW = chipTdp, CpuDieAreaCm2 = s.CpuDieAreaCm2 ?? average.DieAreaPerCoreCm2 * chipCores };
        }
        if (s.CpuModel is null && job.UsesCpu)
            notes.Add($"No CPU model given: the calculator's Average CPU ({average.TdpPerCoreW:G4} W/core) is used.");
        return job with { CpuModel = s.CpuModel ?? GreenAlgorithmsTables.AverageModel };
    }

    private static int FromExport(Settings s, GreenAlgorithmsCalculator calculator)
    {
        var rows = GreenAlgorithmsCsv.Read(s.Csv!);
        if (rows.Count == 0)
            throw new UsageException($"the CSV file {s.Csv} has a header but no job rows; export at least one job from the calculator");
        var results = new List<GreenAlgorithmsResult>();
        var failures = new List<(GreenAlgorithmsCsvRow Row, string Reason)>();
        var table = new Table().RoundedBorder().AddColumns("row", "energy ours / theirs", "carbon ours / theirs", "embodied ours / theirs", "ours / theirs (energy, carbon, embodied)");
        var json = new List<object>();
        foreach (var row in rows)
        {
            GreenAlgorithmsResult r;
            try
            {
                r = calculator.Compute(row.Job);
            }
            catch (FootprintInputException e)
            {
                failures.Add((row, e.Message));
                table.AddRow(Markup.Escape(row.Job.Name ?? $"line {row.LineNumber}"), "[red]failed[/]", Markup.Escape(e.Message), "", "");
                json.Add(new { name = row.Job.Name, line = row.LineNumber, error = e.Message });
                continue;
            }
            results.Add(r);
            var theirs = row.Reported;
            table.AddRow(
                Markup.Escape(row.Job.Name ?? $"line {row.LineNumber}"),
                Markup.Escape($"{FootprintFormat.Energy(r.EnergyNeededKwh)} / {Theirs(theirs?.EnergyNeededKwh, FootprintFormat.Energy)}"),
                Markup.Escape($"{FootprintFormat.Carbon(r.CarbonEmissionsGco2e)} / {Theirs(theirs?.CarbonEmissionsGco2e, FootprintFormat.Carbon)}"),
                Markup.Escape($"{FootprintFormat.Carbon(r.ManufacturingCarbonEmissionsGco2e)} / {Theirs(theirs?.ManufacturingCarbonEmissionsGco2e, FootprintFormat.Carbon)}"),
                $"{Ratio(r.EnergyNeededKwh, theirs?.EnergyNeededKwh)}, {Ratio(r.CarbonEmissionsGco2e, theirs?.CarbonEmissionsGco2e)}, {Ratio(r.ManufacturingCarbonEmissionsGco2e, theirs?.ManufacturingCarbonEmissionsGco2e)}");
            json.Add(new
            {
                name = row.Job.Name,
                line = row.LineNumber,
                ours = Json(r, EnergyMethod.Declared, []),
                theirs = theirs is null ? null : new
                {
                    powerW = theirs.PowerNeededW,
                    energyKwh = theirs.EnergyNeededKwh,
                    operationalCarbonGco2e = theirs.CarbonEmissionsGco2e,
                    embodiedCarbonGco2e = theirs.ManufacturingCarbonEmissionsGco2e,
                },
            });
        }
        WriteCsvIfAsked(s, results);
        if (s.Json)
            Console.WriteLine(JsonSerializer.Serialize(json, JsonOptions));
        else
        {
            AnsiConsole.Write(table);
            foreach (var (row, reason) in failures)
                Console.Error.WriteLine($"greenspace: {s.Csv} line {row.LineNumber}: {reason}");
        }
        return failures.Count == 0 ? ExitCodes.Success : results.Count == 0 ? ExitCodes.NothingProcessed : ExitCodes.SomeFailed;
    }

    private static void WriteCsvIfAsked(Settings s, IReadOnlyList<GreenAlgorithmsResult> results)
    {
        if (s.OutputCsv is null)
            return;
        using var writer = new StreamWriter(s.OutputCsv);
        GreenAlgorithmsCsv.Write(writer, results);
    }

    private static object Json(GreenAlgorithmsResult r, EnergyMethod method, IReadOnlyList<string> notes) => new
    {
        method = method.ToString(),
        powerW = r.PowerNeededW,
        energyKwh = r.EnergyNeededKwh,
        operationalCarbonGco2e = r.CarbonEmissionsGco2e,
        embodiedCarbonGco2e = r.ManufacturingCarbonEmissionsGco2e,
        embodiedAbioticKgSbe = r.ManufacturingAbioticResourcesKgSbe,
        pue = r.Pue,
        pueSource = r.PueSource,
        carbonIntensityGco2ePerKwh = r.CarbonIntensityGramsPerKwh,
        carbonIntensitySource = r.CarbonIntensitySource,
        cpuTdpPerCoreW = r.CpuModelCores > 0 ? r.CpuTdpW / r.CpuModelCores : 0,
        gpuTdpW = r.GpuTdpW,
        activeLifespanHours = r.ActiveLifespanHours,
        susmlRow = FootprintFormat.SusMlRow(r.Job.Name ?? "job", "declared job", r),
        notes,
    };

    private static string Theirs(double? value, Func<double, string> format) => value is null ? "-" : format(value.Value);

    private static string Ratio(double ours, double? theirs) =>
        theirs is null or 0 ? "-" : (ours / theirs.Value).ToString("F4", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
