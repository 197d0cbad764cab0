using System.ComponentModel;
using Greenspace.Engines;
using Greenspace.Execution.Spool;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary>
/// <c>greenspace worker</c>: runs one spool batch on a compute node, inside the Slurm job the head submitted. It never
/// opens the store: each result goes into the spool as soon as it is finished.
/// </summary>
public sealed class WorkerCommand : AsyncCommand<WorkerCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--spool <DIR>")]
        [Description("The spool folder the head shares with the nodes.")]
        public string? Spool { get; init; }

        [CommandOption("--batch <ID>")]
        [Description("The batch to run (a folder under the spool's batches).")]
        public string? Batch { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("Calculations at once. Default: 1.")]
        [DefaultValue(1)]
        public int Parallel { get; init; } = 1;

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Spool) || string.IsNullOrWhiteSpace(Batch) ? ValidationResult.Error("give --spool and --batch (the head writes them into each job's script)")
            : Parallel < 1 ? ValidationResult.Error("--parallel must be at least 1")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var spool = new SpoolDirectory(settings.Spool!);
        var options = new EngineRunOptions { ScratchRoot = Path.Combine(Path.GetTempPath(), "greenspace-scratch") };
        int ran = await new SpoolWorker(spool, EngineRegistry.Default, options).RunAsync(settings.Batch!, settings.Parallel, cancellationToken);
        Console.WriteLine($"greenspace worker: batch {settings.Batch} on {SpoolWorker.CurrentNode} ({SpoolWorker.CurrentJob ?? "no job"}): {ran} calculations run");
        return ExitCodes.Success;
    }
}
