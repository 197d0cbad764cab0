using System.ComponentModel;
using Greenspace.Execution;
using Greenspace.Execution.Slurm;
using Greenspace.Store;
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

    [CommandOption("--executor <WHERE>")]
    [Description("Where calculations run: local (this machine) or slurm (jobs on a Slurm cluster; results come back through --spool). Default: local.")]
    [DefaultValue("local")]
    public string Executor { get; init; } = "local";

    [CommandOption("--spool <DIR>")]
    [Description("With --executor slurm: a folder every node and this machine share. Default: 'spool' beside the store.")]
    public string? Spool { get; init; }

    [CommandOption("--partition <NAME>")]
    [Description("With --executor slurm: the partition. Default: the cluster's default.")]
    public string? Partition { get; init; }

    [CommandOption("--account <NAME>")]
    [Description("With --executor slurm: the account to charge. Default: yours.")]
    public string? Account { get; init; }

    [CommandOption("--job-size <N>")]
    [Description("With --executor slurm: calculations per Slurm job. Default: 10.")]
    [DefaultValue(10)]
    public int JobSize { get; init; } = 10;

    [CommandOption("--cpus-per-job <N>")]
    [Description("With --executor slurm: CPUs each job asks for (its calculations run cpus / threads at a time). Default: 1.")]
    [DefaultValue(1)]
    public int CpusPerJob { get; init; } = 1;

    [CommandOption("--mem-per-cpu <MB>")]
    [Description("With --executor slurm: memory per CPU each job asks for. Default: the cluster's (DefMemPerCPU).")]
    public int? MemoryPerCpuMegabytes { get; init; }

    [CommandOption("--max-pending <MINUTES>")]
    [Description("With --executor slurm: a job pending longer is cancelled and reported with Slurm's reason. Default: 30.")]
    [DefaultValue(30.0)]
    public double MaxPendingMinutes { get; init; } = 30;

    [CommandOption("--worker <PATH>")]
    [Description("With --executor slurm: the greenspace program the nodes run (e.g. one published self-contained on the shared filesystem). Default: this one.")]
    public string? Worker { get; init; }

    public bool OnSlurm => Executor.Equals("slurm", StringComparison.OrdinalIgnoreCase);

    /// <summary>Calculations at once: --jobs, else one per core here, or on Slurm four jobs' worth.</summary>
    public int JobCount => Jobs ?? (OnSlurm ? 4 * JobSize : Environment.ProcessorCount);

    /// <summary>The executor the settings ask for: this machine, or Slurm with the spool beside the store unless given.</summary>
    public ICalculationExecutor CreateExecutor(ResultStore store) => !OnSlurm ? LocalExecutor.Instance : new SlurmExecutor(new SlurmSettings
    {
        Spool = Spool ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(store.Path)) ?? ".", "spool"),
        Partition = Partition,
        Account = Account,
        JobSize = JobSize,
        CpusPerJob = CpusPerJob,
        MemoryPerCpuMegabytes = MemoryPerCpuMegabytes,
        MaxPending = TimeSpan.FromMinutes(MaxPendingMinutes),
        WorkerCommand = Worker is null ? null : [Path.GetFullPath(Worker)],
    }, store);

    /// <summary>Why the engine settings cannot be used, or null.</summary>
    protected string? EngineProblem()
    {
        if (Jobs is < 1)
            return "--jobs must be at least 1";
        if (Threads < 1)
            return "--threads must be at least 1";
        if (TimeLimitSeconds <= 0)
            return "--time-limit must be a positive number of seconds";
        if (!OnSlurm && !Executor.Equals("local", StringComparison.OrdinalIgnoreCase))
            return $"--executor '{Executor}' is not one Greenspace has; use local or slurm";
        if (JobSize < 1 || CpusPerJob < 1 || MaxPendingMinutes <= 0 || MemoryPerCpuMegabytes is < 1)
            return "--job-size, --cpus-per-job and --mem-per-cpu must be at least 1, and --max-pending a positive number of minutes";
        return null;
    }
}
