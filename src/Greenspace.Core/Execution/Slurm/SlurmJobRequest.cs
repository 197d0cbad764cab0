namespace Greenspace.Execution.Slurm;

/// <summary>
/// One <c>sbatch</c> submission: a batch script (written from <see cref="ScriptLines"/> when given, else an
/// existing file) with its name, resources and where its output goes. With <see cref="ArrayTasks"/> the
/// script runs that many times as array tasks 0..n-1, each seeing its index in SLURM_ARRAY_TASK_ID.
/// </summary>
public sealed record SlurmJobRequest(string Name, string ScriptPath, string WorkingDirectory)
{
    /// <summary>The script's lines, written to <see cref="ScriptPath"/> (executable) before submitting; null to submit the file as it is.</summary>
    public IReadOnlyList<string>? ScriptLines { get; init; }

    /// <summary>The partition; null for the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>The account to charge; null for the user's default.</summary>
    public string? Account { get; init; }

    /// <summary>Wall-time limit of each job (or array task); Slurm counts it in whole minutes, rounded up here.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromHours(1);

    public int CpusPerTask { get; init; } = 1;

    /// <summary>Memory per allocated CPU in MB; at most one of this and <see cref="MemoryMegabytes"/>; neither for the cluster's default.</summary>
    public int? MemoryPerCpuMegabytes { get; init; }

    /// <summary>Memory per node in MB; at most one of this and <see cref="MemoryPerCpuMegabytes"/>.</summary>
    public int? MemoryMegabytes { get; init; }

    /// <summary>stdout path pattern (Slurm's %A, %a, %j apply); null for Slurm's default slurm-%j.out in the working directory.</summary>
    public string? OutputPath { get; init; }

    /// <summary>stderr path pattern; null to merge it into the output.</summary>
    public string? ErrorPath { get; init; }

    /// <summary>Submit as an array of this many tasks (0..n-1); null for a single job.</summary>
    public int? ArrayTasks { get; init; }

    /// <summary>
    /// Whether Slurm may requeue the job when its node fails (true: it comes back PENDING; false: it ends
    /// NODE_FAIL); null for the cluster's JobRequeue setting (requeue, by default).
    /// </summary>
    public bool? Requeue { get; init; }

    /// <summary>The sbatch arguments, script last; throws one clear sentence on a request Slurm would refuse.</summary>
    public IReadOnlyList<string> SbatchArguments()
    {
        Validate();
        var args = new List<string>
        {
            "--parsable",
            $"--job-name={Name}",
            $"--time={(int)Math.Ceiling(TimeLimit.TotalMinutes)}",
            $"--cpus-per-task={CpusPerTask}",
            $"--chdir={WorkingDirectory}",
        };
        if (Partition is not null)
            args.Add($"--partition={Partition}");
        if (Account is not null)
            args.Add($"--account={Account}");
        if (MemoryPerCpuMegabytes is { } perCpu)
            args.Add($"--mem-per-cpu={perCpu}M");
        if (MemoryMegabytes is { } total)
            args.Add($"--mem={total}M");
        if (OutputPath is not null)
            args.Add($"--output={OutputPath}");
        if (ErrorPath is not null)
            args.Add($"--error={ErrorPath}");
        if (ArrayTasks is { } n)
            args.Add($"--array=0-{n - 1}");
        if (Requeue is { } requeue)
            args.Add(requeue ? "--requeue" : "--no-requeue");
        args.Add(ScriptPath);
        return args;
    }

    private void Validate()
    {
        string? problem =
            string.IsNullOrWhiteSpace(Name) || Name.Any(char.IsControl) ? "has no name (or one with control characters); give the job a short name" :
            !Path.IsPathFullyQualified(ScriptPath) ? $"has script path '{ScriptPath}', which is not absolute; give the full path" :
            ScriptLines is null && !File.Exists(ScriptPath) ? $"names script {ScriptPath}, which does not exist; write it first or pass its lines" :
            !Path.IsPathFullyQualified(WorkingDirectory) ? $"has working directory '{WorkingDirectory}', which is not absolute; give the full path" :
            TimeLimit <= TimeSpan.Zero ? $"has time limit {TimeLimit}; give a positive limit" :
            CpusPerTask < 1 ? $"asks for {CpusPerTask} CPUs per task; ask for at least 1" :
            MemoryPerCpuMegabytes is not null && MemoryMegabytes is not null ? "sets both memory per CPU and memory per node; set one" :
            MemoryPerCpuMegabytes < 1 || MemoryMegabytes < 1 ? "asks for less than 1 MB of memory; ask for more" :
            ArrayTasks < 1 ? $"asks for an array of {ArrayTasks} tasks; ask for at least 1 or for no array" :
            null;
        if (problem is not null)
            throw new ArgumentException($"Slurm job request '{Name}' {problem}.");
    }
}
