using System.Globalization;

namespace Greenspace.Execution.Slurm;

/// <summary>Pure parsers for the value formats Slurm's commands print (durations, sizes, times, exit codes, job ids).</summary>
public static class SlurmValues
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>
    /// Seconds in a Slurm duration: <c>[DD-[HH:]]MM:SS[.sss]</c> (TotalCPU, "00:00.192") or <c>[DD-]HH:MM:SS</c>
    /// (Elapsed, "1-02:03:04"); null for an empty, "INVALID", "UNLIMITED" or unreadable value.
    /// </summary>
    public static double? DurationSeconds(string text)
    {
        var s = text.Trim();
        if (s.Length == 0)
            return null;
        double days = 0;
        int dash = s.IndexOf('-');
        if (dash >= 0)
        {
            if (!double.TryParse(s[..dash], NumberStyles.None, Inv, out days))
                return null;
            s = s[(dash + 1)..];
        }
        var parts = s.Split(':');
        if (parts.Length is < 1 or > 3)
            return null;
        var numbers = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.AllowDecimalPoint, Inv, out numbers[i]))
                return null;
        double seconds = parts.Length switch
        {
            3 => numbers[0] * 3600 + numbers[1] * 60 + numbers[2],
            2 => numbers[0] * 60 + numbers[1],
            _ => numbers[0],
        };
        return days * 86400 + seconds;
    }

    /// <summary>Bytes in a Slurm size such as MaxRSS ("1620K", "214.5M", "2G", or a plain byte count); null when empty.</summary>
    public static long? SizeBytes(string text)
    {
        var s = text.Trim();
        if (s.Length == 0)
            return null;
        long factor = char.ToUpperInvariant(s[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            'T' => 1L << 40,
            'P' => 1L << 50,
            _ => 1,
        };
        if (factor != 1)
            s = s[..^1];
        return double.TryParse(s, NumberStyles.AllowDecimalPoint, Inv, out var value) ? (long)Math.Round(value * factor) : null;
    }

    /// <summary>
    /// Joules from sacct's ConsumedEnergyRaw. Slurm prints 0 or nothing when no energy plugin measured it,
    /// so both mean "not measured" (null), never zero energy.
    /// </summary>
    public static double? EnergyJoules(string text) =>
        double.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, Inv, out var joules) && joules > 0 ? joules : null;

    /// <summary>A time as sacct prints it (local time of this machine, "2026-11-26T12:30:41"); null for "Unknown", "None" or empty.</summary>
    public static DateTimeOffset? Time(string text) =>
        DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd'T'HH:mm:ss", Inv, DateTimeStyles.AssumeLocal, out var local)
            ? new DateTimeOffset(local)
            : null;

    /// <summary>sacct's ExitCode "code:signal" ("0:0", "0:15"); nulls when it is empty.</summary>
    public static (int? Code, int? Signal) ExitCode(string text)
    {
        var parts = text.Trim().Split(':');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, Inv, out var code)
            && int.TryParse(parts[1], NumberStyles.None, Inv, out var signal)
                ? (code, signal)
                : (null, null);
    }

    /// <summary>
    /// The job id <c>sbatch --parsable</c> printed: "jobid" or "jobid;cluster" on its first line.
    /// </summary>
    public static long? SubmittedJobId(string output)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        int semicolon = line.IndexOf(';');
        var id = semicolon >= 0 ? line[..semicolon] : line;
        return long.TryParse(id, NumberStyles.None, Inv, out var jobId) ? jobId : null;
    }

    /// <summary>An integer column, or null for "N/A", a range ("0-1") or empty.</summary>
    public static long? OptionalInteger(string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, Inv, out var value) ? value : null;
}
