using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Greenspace.Engines;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary>
/// <c>greenspace track -- COMMAND ARGS...</c>: runs any program, as CodeCarbon does for Python code,
/// and reports its measured CPU time (its whole process tree), wall time and peak memory; the exit
/// code is the program's own.
/// </summary>
public sealed class TrackCommand : AsyncCommand<TrackCommand.Settings>
{
    public sealed class Settings : LedgerSettings
    {
        [CommandOption("--json")]
        [Description("Print the measurement as JSON on standard output (the program's own output is passed through unchanged before it).")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var command = context.Remaining.Raw;
        if (command.Count == 0)
            throw new UsageException("name the program to track after '--', e.g. greenspace track -- xtb water.xyz");
        var environment = EngineEnvironment.Current;
        var executable = environment.Locate(command[0])
            ?? throw new UsageException($"the program '{command[0]}' was not found on PATH; give its full path or install it");

        // GPUs, where present, are read before and after; their whole energy over the run is charged to the program.
        var gpus = new Ledger.GpuEnergyCounters(environment);
        var gpuBefore = await gpus.ReadAsync(cancellationToken);
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec(executable, command.Skip(1).ToList(), Environment.CurrentDirectory, Timeout.InfiniteTimeSpan)
        {
            PassThroughOutput = true,
        }, cancellationToken);
        var cost = outcome.Cost;
        var machine = settings.DetectMachine();
        double? gpuJoules = gpuBefore.Count == 0 ? null : Ledger.GpuEnergyCounters.EnergyJoules(gpuBefore, await gpus.ReadAsync(cancellationToken));
        // The program's share of the machine is the cores it kept busy on average: memory is charged for that share.
        double coreShare = cost.WallSeconds > 0 ? Math.Clamp(cost.CpuSeconds / cost.WallSeconds / machine.LogicalCpus, 1.0 / machine.LogicalCpus, 1) : 1.0 / machine.LogicalCpus;
        var footprint = new Ledger.CalculationFootprintModel(Ledger.GreenAlgorithmsTables.Default).Estimate(
            new Ledger.CalculationUsage(cost.CpuSeconds, cost.WallSeconds, cost.PeakMemoryBytes, coreShare)
            {
                MeasuredPackageJoules = cost.PackageEnergyJoules,
                MeasuredGpuJoules = gpuJoules,
            }, machine);
        var measurement = new
        {
            command = string.Join(' ', command),
            exit_code = outcome.ExitCode,
            signal = outcome.Signal,
            wall_seconds = cost.WallSeconds,
            cpu_seconds = cost.CpuSeconds,
            cpu_per_wall = cost.WallSeconds > 0 ? cost.CpuSeconds / cost.WallSeconds : 0,
            peak_memory_bytes = cost.PeakMemoryBytes,
            meter = cost.Meter,
            package_energy_joules = cost.PackageEnergyJoules,
            gpus = gpuBefore.Select(g => g.Name).ToArray(),
            gpu_energy_joules = gpuJoules,
            energy_method = Ledger.LedgerEntryKinds.ToWire(footprint.Method),
            energy_kwh = footprint.EnergyKwh,
            energy_low_kwh = footprint.EnergyLowKwh,
            energy_high_kwh = footprint.EnergyHighKwh,
            carbon_gco2e = footprint.OperationalCarbonGco2e,
            carbon_low_gco2e = footprint.OperationalCarbonLowGco2e,
            carbon_high_gco2e = footprint.OperationalCarbonHighGco2e,
            embodied_gco2e = footprint.EmbodiedCarbonGco2e,
            pue = footprint.Pue,
            carbon_intensity = footprint.CarbonIntensity.Describe(),
            convention = footprint.Convention,
        };
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(measurement, new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            var inv = CultureInfo.InvariantCulture;
            var table = new Table().RoundedBorder().Title("greenspace track").AddColumns("measure", "value");
            table.AddRow("command", Markup.Escape(measurement.command));
            table.AddRow("exit", Markup.Escape(outcome.Describe(Path.GetFileName(executable), Timeout.InfiniteTimeSpan)));
            table.AddRow("wall time", cost.WallSeconds.ToString("F2", inv) + " s");
            table.AddRow("CPU time (process tree)", $"{cost.CpuSeconds.ToString("F2", inv)} s ({measurement.cpu_per_wall.ToString("F2", inv)} cores busy on average)");
            table.AddRow("peak memory (largest process)", (cost.PeakMemoryBytes / 1e6).ToString("F1", inv) + " MB");
            table.AddRow("meter", Markup.Escape(cost.Meter));
            table.AddRow("GPU energy", gpuBefore.Count == 0 ? "no GPU (nvidia-smi not found or no device)"
                : gpuJoules is { } j ? $"{j.ToString("F1", inv)} J over {gpuBefore.Count} GPU(s), driver counter" : "GPU counter unreadable ([N/A]); not measured");
            table.AddRow("energy", Markup.Escape($"{Ledger.FootprintFormat.Energy(footprint.EnergyKwh)} ({Ledger.FootprintFormat.Energy(footprint.EnergyLowKwh)} to {Ledger.FootprintFormat.Energy(footprint.EnergyHighKwh)}), {Ledger.LedgerEntryKinds.ToWire(footprint.Method)}"));
            table.AddRow("carbon", Markup.Escape($"{Ledger.FootprintFormat.Carbon(footprint.OperationalCarbonGco2e)} operational ({Ledger.FootprintFormat.Carbon(footprint.OperationalCarbonLowGco2e)} to {Ledger.FootprintFormat.Carbon(footprint.OperationalCarbonHighGco2e)}) + {Ledger.FootprintFormat.Carbon(footprint.EmbodiedCarbonGco2e)} embodied"));
            table.AddRow("assumptions", Markup.Escape($"PUE {footprint.Pue:0.##} ({footprint.PueSource}); {footprint.CarbonIntensity.Describe()}; {machine.EnergyCounters.Describe()}"));
            Console.Out.Flush();
            AnsiConsole.Console.Write(table);
        }
        return outcome.Signal is { } s ? 128 + s : outcome.ExitCode;
    }
}
