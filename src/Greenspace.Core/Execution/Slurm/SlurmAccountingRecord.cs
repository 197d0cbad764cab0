namespace Greenspace.Execution.Slurm;

/// <summary>
/// One line of sacct: a job or array task (<see cref="Step"/> null) or one of its steps ("batch", "extern",
/// "0"). CPU seconds and peak memory are measured per step; the job line sums or lacks them.
/// </summary>
public sealed record SlurmAccountingRecord(
    string JobId,
    long JobIdRaw,
    string? Step,
    long? ArrayJobId,
    long? ArrayTaskId,
    SlurmJobState State,
    string StateText,
    int? ExitCode,
    int? ExitSignal,
    double? ElapsedSeconds,
    double? TotalCpuSeconds,
    long? CpuTimeRawSeconds,
    long? MaxRssBytes,
    double? ConsumedEnergyJoules,
    string NodeList,
    DateTimeOffset? Start,
    DateTimeOffset? End,
    int? AllocatedCpus)
{
    /// <summary>The sacct --format fields, in the order <see cref="Parse"/> reads them.</summary>
    internal static readonly string[] FormatFields =
        ["JobID", "JobIDRaw", "State", "ExitCode", "Elapsed", "TotalCPU", "CPUTimeRAW", "MaxRSS", "ConsumedEnergyRaw", "NodeList", "Start", "End", "AllocCPUS"];

    /// <summary>One sacct --parsable2 line with fields split by <paramref name="delimiter"/>; null for a line that is not one.</summary>
    public static SlurmAccountingRecord? Parse(string line, char delimiter)
    {
        var f = line.Split(delimiter);
        if (f.Length != FormatFields.Length)
            return null;
        // JobID is "12", "12.batch", "8_0", "8_0.batch" or "8_[0-1]"; JobIDRaw is "12" or "10.batch".
        var (jobId, step) = SplitStep(f[0]);
        if (SlurmValues.OptionalInteger(SplitStep(f[1]).Id) is not { } raw)
            return null;
        long? arrayJob = null, arrayTask = null;
        int underscore = jobId.IndexOf('_');
        if (underscore >= 0)
        {
            arrayJob = SlurmValues.OptionalInteger(jobId[..underscore]);
            arrayTask = SlurmValues.OptionalInteger(jobId[(underscore + 1)..]);
        }
        var (exitCode, signal) = SlurmValues.ExitCode(f[3]);
        return new SlurmAccountingRecord(
            JobId: jobId,
            JobIdRaw: raw,
            Step: step,
            ArrayJobId: arrayJob,
            ArrayTaskId: arrayTask,
            State: SlurmJobStates.Parse(f[2]),
            StateText: f[2],
            ExitCode: exitCode,
            ExitSignal: signal,
            ElapsedSeconds: SlurmValues.DurationSeconds(f[4]),
            TotalCpuSeconds: SlurmValues.DurationSeconds(f[5]),
            CpuTimeRawSeconds: SlurmValues.OptionalInteger(f[6]),
            MaxRssBytes: SlurmValues.SizeBytes(f[7]),
            ConsumedEnergyJoules: SlurmValues.EnergyJoules(f[8]),
            NodeList: f[9],
            Start: SlurmValues.Time(f[10]),
            End: SlurmValues.Time(f[11]),
            AllocatedCpus: (int?)SlurmValues.OptionalInteger(f[12]));
    }

    private static (string Id, string? Step) SplitStep(string id)
    {
        int dot = id.IndexOf('.');
        return dot >= 0 ? (id[..dot], id[(dot + 1)..]) : (id, null);
    }
}
