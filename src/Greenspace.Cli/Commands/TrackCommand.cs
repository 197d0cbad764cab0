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
    public sealed class Settings : CommandSettings
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

        var outcome = await ProcessRunner.RunAsync(new ProcessSpec(executable, command.Skip(1).ToList(), Environment.CurrentDirectory, Timeout.InfiniteTimeSpan)
        {
            PassThroughOutput = true,
        }, cancellationToken);
        var cost = outcome.Cost;
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
            Console.Out.Flush();
            AnsiConsole.Console.Write(table);
        }
        return outcome.Signal is { } s ? 128 + s : outcome.ExitCode;
    }
}
