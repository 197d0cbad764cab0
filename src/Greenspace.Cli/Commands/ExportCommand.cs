using System.ComponentModel;
using Greenspace.Store;
using Greenspace.Store.Export;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary><c>greenspace export</c>: the store's results as extended XYZ, QCSchema JSON Lines or Parquet, each with a dataset card.</summary>
public sealed class ExportCommand : AsyncCommand<ExportCommand.Settings>
{
    public sealed class Settings : StoreSettings
    {
        [CommandOption("-f|--format <FORMAT>")]
        [Description("extxyz (ASE), qcschema (QCSchema records, JSON Lines) or parquet (a table with costs).")]
        public string? Format { get; init; }

        [CommandOption("-o|--output <PATH>")]
        [Description("The file to write; the dataset card goes beside it as PATH.card.md.")]
        public string? Output { get; init; }

        [CommandOption("-p|--program <PROGRAM>")]
        [Description("Only results of this program (e.g. xtb).")]
        public string? Program { get; init; }

        [CommandOption("-m|--method <METHOD>")]
        [Description("Only results of this method (e.g. gfn2).")]
        public string? Method { get; init; }

        [CommandOption("--include-failed")]
        [Description("Export failures too, each with its error.")]
        public bool IncludeFailed { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Format))
                return ValidationResult.Error("give the format with --format extxyz, qcschema or parquet");
            if (!ExportFormats.TryParse(Format, out _))
                return ValidationResult.Error($"--format '{Format}' is not one of {string.Join(", ", ExportFormats.Names)}");
            if (string.IsNullOrWhiteSpace(Output))
                return ValidationResult.Error("give the file to write with --output PATH");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ExportFormats.TryParse(settings.Format, out var format);
        var storePath = Path.GetFullPath(settings.StorePath);
        var output = Path.GetFullPath(settings.Output!);
        // Opening a store creates it when missing; an export must read one that exists, not leave an empty one behind.
        if (!File.Exists(storePath))
            throw new UsageException($"there is no store at {storePath}; name an existing one with --store PATH or GREENSPACE_STORE");
        if (output == storePath)
            throw new UsageException($"--output {output} is the store itself; write the export to another file");

        var selection = new ExportSelection(settings.Program, settings.Method, settings.IncludeFailed);
        using var store = ResultStore.Open(storePath);
        var calculations = selection.From(store);
        if (calculations.Count == 0)
            throw new UsageException($"the store {storePath} holds no {selection.Describe()}, so nothing was written; check --program and --method (or add --include-failed)");

        var written = await StoreExport.WriteAsync(calculations, format, output, storePath, selection, cancellationToken);
        AnsiConsole.MarkupLineInterpolated($"Wrote [bold]{written.Total}[/] results ({written.Successes} successful, {written.Failures} failed) as {written.Format.Name()} to {written.OutputPath}");
        AnsiConsole.MarkupLineInterpolated($"Dataset card: {written.CardPath}");
        return ExitCodes.Success;
    }
}
