namespace Greenspace.Execution.Slurm;

/// <summary>A Slurm job state as squeue and sacct print it, normalised; anything else is <see cref="Other"/>.</summary>
public enum SlurmJobState
{
    Pending,
    Running,
    Completing,
    Suspended,
    Completed,
    Cancelled,
    Failed,
    Timeout,
    NodeFail,
    OutOfMemory,
    Preempted,
    BootFail,
    Deadline,
    Other,
}

/// <summary>Reading Slurm's state names and what they mean for a job's end.</summary>
public static class SlurmJobStates
{
    /// <summary>
    /// The state named by <paramref name="text"/>: squeue's long names (<c>%T</c>) and sacct's, which may add
    /// who did it ("CANCELLED by 0") or a '+' when the state was truncated.
    /// </summary>
    public static SlurmJobState Parse(string text)
    {
        var word = text.Trim();
        int space = word.IndexOf(' ');
        if (space >= 0)
            word = word[..space];
        return word.TrimEnd('+') switch
        {
            "PENDING" or "PD" => SlurmJobState.Pending,
            "RUNNING" or "R" => SlurmJobState.Running,
            "COMPLETING" or "CG" => SlurmJobState.Completing,
            "SUSPENDED" or "S" => SlurmJobState.Suspended,
            "COMPLETED" or "CD" => SlurmJobState.Completed,
            "CANCELLED" or "CA" => SlurmJobState.Cancelled,
            "FAILED" or "F" => SlurmJobState.Failed,
            "TIMEOUT" or "TO" => SlurmJobState.Timeout,
            "NODE_FAIL" or "NF" => SlurmJobState.NodeFail,
            "OUT_OF_MEMORY" or "OOM" => SlurmJobState.OutOfMemory,
            "PREEMPTED" or "PR" => SlurmJobState.Preempted,
            "BOOT_FAIL" or "BF" => SlurmJobState.BootFail,
            "DEADLINE" or "DL" => SlurmJobState.Deadline,
            _ => SlurmJobState.Other,
        };
    }

    /// <summary>The job has ended and will not run again by itself (a requeued job is Pending, not ended).</summary>
    public static bool IsFinished(this SlurmJobState state) => state is
        SlurmJobState.Completed or SlurmJobState.Cancelled or SlurmJobState.Failed or SlurmJobState.Timeout
        or SlurmJobState.NodeFail or SlurmJobState.OutOfMemory or SlurmJobState.Preempted
        or SlurmJobState.BootFail or SlurmJobState.Deadline;
}
