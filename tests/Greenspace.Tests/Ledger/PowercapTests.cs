using Greenspace.Ledger;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Ledger;

/// <summary>
/// The measured-energy path, fed a powercap tree written by the test: the one place a stand-in is
/// right, because this machine has no energy counter (no /sys/class/powercap, no MSR, no perf power events).
/// </summary>
public class PowercapTests
{
    private static string Zone(string root, string zone, string name, long energyMicrojoules, long rangeMicrojoules = 262_143_328_850)
    {
        var dir = Path.Combine(root, zone);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "name"), name + "\n");
        File.WriteAllText(Path.Combine(dir, "energy_uj"), energyMicrojoules + "\n");
        File.WriteAllText(Path.Combine(dir, "max_energy_range_uj"), rangeMicrojoules + "\n");
        return dir;
    }

    [Fact]
    public void Package_energy_is_the_sum_of_package_deltas_across_a_wrap_around_and_subdomains_are_not_counted_twice()
    {
        var root = TestData.NewTempDirectory();
        Zone(root, "intel-rapl:0", "package-0", 1_000_000);
        Zone(root, "intel-rapl:1", "package-1", 262_143_000_000);
        Zone(root, "intel-rapl:0:0", "core", 500_000);
        Zone(root, "intel-rapl:0:1", "dram", 700_000);
        var powercap = new Powercap(root);
        Assert.True(powercap.Available);
        var before = powercap.Read();
        Assert.Equal(2, before.Count);

        Zone(root, "intel-rapl:0", "package-0", 31_000_000);                 // +30 J
        Zone(root, "intel-rapl:1", "package-1", 11_000_000);                 // wrapped: +328,850 uJ to the top, then +11 J
        Zone(root, "intel-rapl:0:0", "core", 90_000_000);
        var after = powercap.Read();
        Assert.Equal(30 + 0.328850 + 11, Powercap.EnergyJoules(before, after), 9);
    }

    [Fact]
    public void A_calculation_is_charged_its_share_of_the_machine_cpu_time()
    {
        Assert.Equal(25.0, MachineCpuTime.AttributedJoules(100, calculationCpuSeconds: 2, machineBusySeconds: 8), 12);
        Assert.Equal(100.0, MachineCpuTime.AttributedJoules(100, calculationCpuSeconds: 9, machineBusySeconds: 8), 12);
    }

    [Fact]
    public void An_unreadable_counter_is_not_a_zero_and_a_missing_tree_says_why()
    {
        var root = TestData.NewTempDirectory();
        var dir = Zone(root, "intel-rapl:0", "package-0", 1_000);
        File.WriteAllText(Path.Combine(dir, "energy_uj"), "not a number\n");
        var powercap = new Powercap(root);
        Assert.False(powercap.Available);
        Assert.Contains("no readable package energy counter", powercap.WhyUnavailable);
        Assert.Contains("does not exist", new Powercap(Path.Combine(root, "absent")).WhyUnavailable);
        // This machine: no counters at all, and the ledger must say so rather than report zero.
        Assert.False(new Powercap().Available);
    }

    [Fact]
    public void Machine_busy_time_grows_while_a_core_is_busy()
    {
        double before = MachineCpuTime.BusySeconds();
        var end = DateTime.UtcNow.AddMilliseconds(300);
        double x = 0;
        while (DateTime.UtcNow < end)
            x += Math.Sqrt(x + 1);
        Assert.True(MachineCpuTime.BusySeconds() - before >= 0.2, x.ToString());
    }
}
