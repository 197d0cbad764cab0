using System.ComponentModel;
using System.Text.Json;
using Greenspace.Engines;
using Greenspace.Engines.OpenBabel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Greenspace.Cli.Commands;

/// <summary><c>greenspace engines</c>: which programs are here, their versions, and the line that installs a missing one.</summary>
public sealed class EnginesCommand : Command<EnginesCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--json")]
        [Description("Print JSON for scripts instead of a table.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var environment = EngineEnvironment.Current;
        var probes = EngineRegistry.Default.All.Select(e => e.Probe(environment))
            .Append(new SmilesBatch(environment, Path.GetTempPath()).Probe() with { Engine = "openbabel (SMILES to 3D)" })
            .ToList();
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(probes.Select(p => new
            {
                engine = p.Engine,
                found = p.Found,
                version = p.Version,
                path = p.ExecutablePath,
                install = p.Found ? null : p.InstallHint,
                problem = p.Found ? null : p.MissingMessage,
            }), new JsonSerializerOptions { WriteIndented = true }));
        }
        else
        {
            var table = new Table().RoundedBorder().AddColumns("engine", "found", "version", "path / how to install");
            foreach (var p in probes)
                table.AddRow(
                    Markup.Escape(p.Engine),
                    p.Found ? "[green]yes[/]" : "[red]no[/]",
                    Markup.Escape(p.Version ?? "-"),
                    Markup.Escape(p.Found ? p.ExecutablePath! : p.MissingMessage));
            AnsiConsole.Write(table);
        }
        return probes.All(p => p.Found) ? ExitCodes.Success : ExitCodes.SomeFailed;
    }
}
