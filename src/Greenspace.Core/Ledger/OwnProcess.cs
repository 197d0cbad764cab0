using System.Diagnostics;
using System.Globalization;
using Greenspace.Records;

namespace Greenspace.Ledger;

/// <summary>
/// What the greenspace process itself has cost since it started: start-up, JIT, SQLite, parsing,
/// ML. Its children are not in it (each engine run is measured in a cgroup of its own), so the
/// orchestrator's entry and the calculations' entries add up without counting anything twice.
/// </summary>
public static class OwnProcess
{
    public static ComputeCost Measure()
    {
        using var self = Process.GetCurrentProcess();
        double wall = (DateTime.Now - self.StartTime).TotalSeconds;
        return new ComputeCost(wall, self.TotalProcessorTime.TotalSeconds, PeakResidentBytes(), "this process's own CPU time (/proc/self/stat) since it started");
    }

    /// <summary>VmHWM of /proc/self/status: the peak resident set of this process.</summary>
    private static long PeakResidentBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }
}
