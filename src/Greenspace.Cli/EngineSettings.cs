using System.ComponentModel;
using Spectre.Console.Cli;

namespace Greenspace.Cli;

/// <summary>Settings of commands that run engines: how many calculations at once, with how many threads, for how long.</summary>
public class EngineSettings : LedgerSettings
{
    [CommandOption("-j|--jobs <N>")]
    [Description("Calculations at once. Default: one per core.")]
    public int? Jobs { get; init; }

    [CommandOption("--threads <N>")]
    [Description("Threads per calculation. Default: 1.")]
    [DefaultValue(1)]
    public int Threads { get; init; } = 1;

    [CommandOption("--time-limit <SECONDS>")]
    [Description("Time limit per calculation. Default: 3600.")]
    [DefaultValue(3600.0)]
    public double TimeLimitSeconds { get; init; } = 3600;

    [CommandOption("--memory <MIB>")]
    [Description("Memory per calculation for programs that take a limit (psi4, nwchem). Default: 1000.")]
    [DefaultValue(1000)]
    public int MemoryMiB { get; init; } = 1000;

    /// <summary>Calculations at once: --jobs, else one per core.</summary>
    public int JobCount => Jobs ?? Environment.ProcessorCount;

    /// <summary>Why the engine settings cannot be used, or null.</summary>
    protected string? EngineProblem()
    {
        if (Jobs is < 1)
            return "--jobs must be at least 1";
        if (Threads < 1)
            return "--threads must be at least 1";
        if (TimeLimitSeconds <= 0)
            return "--time-limit must be a positive number of seconds";
        return null;
    }
}
