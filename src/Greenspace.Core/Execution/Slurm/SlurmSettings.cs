namespace Greenspace.Execution.Slurm;

/// <summary>How Greenspace uses a Slurm cluster: where the shared spool is, which partition and account, and how work is cut into jobs.</summary>
public sealed record SlurmSettings
{
    /// <summary>A folder on a filesystem every node and the head share (the spool); workers write results there, never to the store.</summary>
    public required string Spool { get; init; }

    /// <summary>The partition; null for the cluster's default.</summary>
    public string? Partition { get; init; }

    /// <summary>The account to charge; null for the user's default.</summary>
    public string? Account { get; init; }

    /// <summary>slurm.conf for the Slurm commands; null for their default (SLURM_CONF, else /etc/slurm/slurm.conf).</summary>
    public string? SlurmConf { get; init; }

    /// <summary>Calculations per job: one job per batch, its calculations run one after another (or several at once with more CPUs).</summary>
    public int JobSize { get; init; } = 10;

    /// <summary>CPUs each job asks for; its calculations run CpusPerJob / threads at a time.</summary>
    public int CpusPerJob { get; init; } = 1;

    /// <summary>Memory per CPU in MB; null for the cluster's default.</summary>
    public int? MemoryPerCpuMegabytes { get; init; }

    /// <summary>A job's wall-time limit; null: the batch's calculations' time limits end to end plus five minutes.</summary>
    public TimeSpan? JobTimeLimit { get; init; }

    /// <summary>How long the first calculation of a batch waits for others to fill it before the job is submitted.</summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Submissions of a calculation (the first included) before a job that keeps ending without its result fails it.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>A job pending longer than this is cancelled and reported with Slurm's reason, not waited on forever.</summary>
    public TimeSpan MaxPending { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the executor, when done, waits for its finished jobs to end so that their accounting is recorded.</summary>
    public TimeSpan DrainTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the spool and the queue are looked at.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The argv that starts <c>greenspace</c> on a node (the worker's arguments follow); null: this very program
    /// (its apphost, or <c>dotnet greenspace.dll</c>), which nodes see when Greenspace is installed on the shared filesystem.
    /// </summary>
    public IReadOnlyList<string>? WorkerCommand { get; init; }
}
