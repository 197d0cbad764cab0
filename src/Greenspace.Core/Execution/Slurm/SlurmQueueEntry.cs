namespace Greenspace.Execution.Slurm;

/// <summary>
/// One line of squeue: a job, an array task ("8_0"), or a still-pending block of array tasks ("8_[0-1]",
/// with <see cref="ArrayTaskId"/> null and the range in <see cref="ArrayTasks"/>).
/// </summary>
public sealed record SlurmQueueEntry(
    string JobId,
    long JobIdRaw,
    long? ArrayJobId,
    long? ArrayTaskId,
    string? ArrayTasks,
    string Name,
    SlurmJobState State,
    string StateText,
    string Reason,
    string NodeList)
{
    /// <summary>The squeue --format fields, in the order <see cref="Parse"/> reads them.</summary>
    internal static readonly string[] FormatFields = ["%i", "%A", "%F", "%K", "%j", "%T", "%r", "%N"];

    /// <summary>One squeue line with fields split by <paramref name="delimiter"/>; null for a line that is not one.</summary>
    public static SlurmQueueEntry? Parse(string line, char delimiter)
    {
        var f = line.Split(delimiter);
        if (f.Length != FormatFields.Length || SlurmValues.OptionalInteger(f[1]) is not { } raw)
            return null;
        bool isArray = f[3] != "N/A";
        long? arrayTask = isArray ? SlurmValues.OptionalInteger(f[3]) : null;
        return new SlurmQueueEntry(
            JobId: f[0],
            JobIdRaw: raw,
            ArrayJobId: isArray ? SlurmValues.OptionalInteger(f[2]) : null,
            ArrayTaskId: arrayTask,
            ArrayTasks: isArray && arrayTask is null ? f[3] : null,
            Name: f[4],
            State: SlurmJobStates.Parse(f[5]),
            StateText: f[5],
            Reason: f[6],
            NodeList: f[7]);
    }
}
