using System.Globalization;

namespace Greenspace.Ledger;

/// <summary>
/// The whole machine's busy CPU time, from the first line of <c>/proc/stat</c> (user, nice, system,
/// irq, softirq, steal; idle and iowait excluded). A package energy measured over an interval is
/// attributed to one calculation as the energy x the calculation's CPU seconds / the machine's busy
/// CPU seconds over the same interval.
/// </summary>
public static class MachineCpuTime
{
    public static double BusySeconds(string procStat = "/proc/stat")
    {
        var first = File.ReadLines(procStat).First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var f = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(x => long.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        long busy = f[0] + f[1] + f[2] + f[5] + f[6] + (f.Length > 7 ? f[7] : 0);
        return busy / (double)ClockTicksPerSecond;
    }

    // USER_HZ is 100 on every Linux architecture .NET runs on.
    private const int ClockTicksPerSecond = 100;

    /// <summary>The share of <paramref name="packageJoules"/> that belongs to a calculation that used <paramref name="calculationCpuSeconds"/> of the machine's <paramref name="machineBusySeconds"/>.</summary>
    public static double AttributedJoules(double packageJoules, double calculationCpuSeconds, double machineBusySeconds) =>
        machineBusySeconds <= 0 ? 0 : packageJoules * Math.Min(1, calculationCpuSeconds / machineBusySeconds);
}
