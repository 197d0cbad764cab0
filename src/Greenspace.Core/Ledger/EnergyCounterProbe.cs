namespace Greenspace.Ledger;

/// <summary>
/// Which hardware energy counters this machine exposes to an unprivileged reader: RAPL through
/// /sys/class/powercap, hwmon energy inputs, the MSR device. None present means every energy figure here is modelled.
/// </summary>
public sealed record EnergyCounterProbe(IReadOnlyList<string> PackageCounters, IReadOnlyList<string> HwmonEnergyInputs, bool MsrDevice)
{
    public bool HasPackageCounter => PackageCounters.Count > 0;

    public string Describe() => HasPackageCounter || HwmonEnergyInputs.Count > 0 || MsrDevice
        ? $"RAPL: {(HasPackageCounter ? string.Join(", ", PackageCounters) : "none")}; hwmon energy: {(HwmonEnergyInputs.Count > 0 ? string.Join(", ", HwmonEnergyInputs) : "none")}; MSR device: {(MsrDevice ? "yes" : "no")}"
        : "none readable (no /sys/class/powercap energy_uj, no hwmon energy input, no /dev/cpu/*/msr): CPU energy is modelled from CPU time";

    /// <summary>Looks under <paramref name="sysRoot"/> (normally /sys) and <paramref name="devRoot"/> (normally /dev); a counter counts only if it can be read.</summary>
    public static EnergyCounterProbe Probe(string sysRoot = "/sys", string devRoot = "/dev")
    {
        var rapl = Readable(Path.Combine(sysRoot, "class", "powercap"), "energy_uj");
        var hwmon = Readable(Path.Combine(sysRoot, "class", "hwmon"), "energy*_input");
        var msr = Directory.Exists(Path.Combine(devRoot, "cpu")) && Directory.EnumerateFiles(Path.Combine(devRoot, "cpu"), "msr", SearchOption.AllDirectories).Any();
        return new EnergyCounterProbe(rapl, hwmon, msr);
    }

    private static List<string> Readable(string root, string pattern)
    {
        var found = new List<string>();
        if (!Directory.Exists(root))
            return found;
        foreach (var dir in Directory.EnumerateDirectories(root))
            foreach (var file in Directory.EnumerateFiles(dir, pattern))
            {
                try
                {
                    if (long.TryParse(File.ReadAllText(file).Trim(), out _))
                        found.Add(file);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Present but unreadable (RAPL is root-only on recent kernels): not a counter we can use.
                }
            }
        return found;
    }
}
