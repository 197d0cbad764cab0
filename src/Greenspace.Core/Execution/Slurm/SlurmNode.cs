namespace Greenspace.Execution.Slurm;

/// <summary>
/// One node as sinfo reports it. <see cref="State"/> is sinfo's word ("idle", "mixed", "allocated", "down",
/// "drained"), without the suffix Slurm adds: '*' when the node does not respond, '~' powered off, '#' powering up...
/// </summary>
public sealed record SlurmNode(string Name, string State, string StateText, bool Responding, string Reason, int Cpus, long MemoryMegabytes)
{
    /// <summary>The sinfo -o fields, in the order <see cref="Parse"/> reads them.</summary>
    internal static readonly string[] FormatFields = ["%N", "%T", "%E", "%c", "%m"];

    private static readonly char[] StateSuffixes = ['*', '~', '#', '!', '%', '$', '@', '^', '-'];

    /// <summary>One sinfo -N line with fields split by <paramref name="delimiter"/>; null for a line that is not one.</summary>
    public static SlurmNode? Parse(string line, char delimiter)
    {
        var f = line.Split(delimiter);
        if (f.Length != FormatFields.Length
            || SlurmValues.OptionalInteger(f[3]) is not { } cpus
            || SlurmValues.OptionalInteger(f[4].TrimEnd('+')) is not { } memory)
            return null;
        return new SlurmNode(f[0], f[1].TrimEnd(StateSuffixes), f[1], !f[1].EndsWith('*'), f[2], (int)cpus, memory);
    }
}
