using System.Globalization;

namespace Greenspace.Ledger;

/// <summary>One RAPL package domain's counter at one moment.</summary>
public sealed record PowercapReading(string Domain, long EnergyMicrojoules, long MaxRangeMicrojoules);

/// <summary>
/// Reads the Linux powercap (RAPL) energy counters of the CPU packages, where the kernel exposes them
/// (<c>/sys/class/powercap/intel-rapl:N</c>, also used for AMD since Linux 5.8). They count the CPU
/// package only (cores, caches, uncore): memory and the rest of the platform stay modelled; and on
/// AMD the package figure is itself the processor's model, not a sensor. The counters wrap around at
/// <c>max_energy_range_uj</c>, which <see cref="EnergyJoules"/> handles. The root is a parameter so that
/// a test can give a tree of its own: the one place a stand-in is right, since this machine has no counter.
/// </summary>
public sealed class Powercap(string root = "/sys/class/powercap")
{
    /// <summary>Whether any package counter can be read here; false on this VM (no /sys/class/powercap).</summary>
    public bool Available => Read().Count > 0;

    /// <summary>Why there is no reading, for the ledger's "how it was obtained" text; null when counters are readable.</summary>
    public string? WhyUnavailable =>
        !Directory.Exists(root) ? $"no energy counters: {root} does not exist (no RAPL/powercap on this machine)"
        : Read().Count == 0 ? $"no readable package energy counter under {root} (reading energy_uj usually needs root)"
        : null;

    /// <summary>The package domains' counters now (sub-domains such as core and dram are left out: they are inside the package, or not the CPU).</summary>
    public IReadOnlyList<PowercapReading> Read()
    {
        var readings = new List<PowercapReading>();
        if (!Directory.Exists(root))
            return readings;
        foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var zone = Path.GetFileName(dir);
            // Top-level zones only: "intel-rapl:0", not "intel-rapl:0:0" (a sub-domain of package 0).
            if (zone.Count(c => c == ':') != 1)
                continue;
            try
            {
                var name = File.ReadAllText(Path.Combine(dir, "name")).Trim();
                if (!name.StartsWith("package", StringComparison.Ordinal))
                    continue;
                long energy = long.Parse(File.ReadAllText(Path.Combine(dir, "energy_uj")).Trim(), CultureInfo.InvariantCulture);
                long range = long.Parse(File.ReadAllText(Path.Combine(dir, "max_energy_range_uj")).Trim(), CultureInfo.InvariantCulture);
                readings.Add(new PowercapReading($"{zone} ({name})", energy, range));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // An unreadable counter is not a zero: it is left out, and WhyUnavailable says so when none is left.
            }
        }
        return readings;
    }

    /// <summary>Energy of all packages between two readings, in joules, across a wrap-around of each counter.</summary>
    public static double EnergyJoules(IReadOnlyList<PowercapReading> before, IReadOnlyList<PowercapReading> after)
    {
        double total = 0;
        foreach (var b in before)
        {
            var a = after.FirstOrDefault(x => x.Domain == b.Domain);
            if (a is null)
                continue;
            long delta = a.EnergyMicrojoules - b.EnergyMicrojoules;
            if (delta < 0)
                delta += b.MaxRangeMicrojoules;
            total += delta / 1e6;
        }
        return total;
    }
}
