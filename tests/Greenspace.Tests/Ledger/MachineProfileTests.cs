using Greenspace.Ledger;

namespace Greenspace.Tests.Ledger;

/// <summary>The machine profile: this machine read from /proc, a Zen 3 VM's bare "AMD EPYC" mapped to its family, and settings precedence.</summary>
public sealed class MachineProfileTests
{
    private static readonly GreenAlgorithmsTables Tables = GreenAlgorithmsTables.Default;

    private const string Zen3VmCpuinfo = """
        processor	: 0
        vendor_id	: AuthenticAMD
        cpu family	: 25
        model		: 1
        model name	: AMD EPYC
        physical id	: 0
        siblings	: 2
        cpu cores	: 2
        flags		: fpu vme sse2 ht hypervisor avx2

        processor	: 1
        vendor_id	: AuthenticAMD
        cpu family	: 25
        model		: 1
        model name	: AMD EPYC
        physical id	: 0
        siblings	: 2
        cpu cores	: 2
        flags		: fpu vme sse2 ht hypervisor avx2
        """;

    [Fact]
    public void This_machine_is_read_from_proc()
    {
        var profile = MachineProfile.Detect(Tables, new MachineSettings());
        Assert.Equal(Environment.ProcessorCount, profile.LogicalCpus);
        var gcGb = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        Assert.InRange(profile.MemoryGb, 0.5 * gcGb, 1.05 * gcGb);
        Assert.True(profile.TdpPerCoreMinW <= profile.TdpPerCoreW && profile.TdpPerCoreW <= profile.TdpPerCoreMaxW);
        if (!Directory.Exists("/sys/class/powercap"))
        {
            Assert.False(profile.EnergyCounters.HasPackageCounter);
            Assert.Contains("none readable", profile.EnergyCounters.Describe());
        }
    }

    [Fact]
    public void A_zen3_vm_reporting_only_amd_epyc_gets_the_average_cpu_and_the_milan_band()
    {
        var cpu = CpuInfo.Parse(Zen3VmCpuinfo);
        Assert.Equal((2, 2, false, true), (cpu.LogicalCpus, cpu.PhysicalCores, cpu.SmtActive, cpu.Hypervisor));
        var profile = MachineProfile.Build(Tables, new MachineSettings(), cpu, 24, new EnergyCounterProbe([], [], false));
        Assert.Contains("Milan", profile.CpuIdentification);
        Assert.Equal(Tables.AverageCpu.TdpPerCoreW, profile.TdpPerCoreW);
        Assert.Equal(225.0 / 64, profile.TdpPerCoreMinW, 6);
        Assert.Equal(22.5, profile.TdpPerCoreMaxW, 6);
        Assert.True(profile.LogicalCpuMayBeSmtThread);
        Assert.Equal(1.56, profile.Pue);
        Assert.Equal(GreenAlgorithmsTables.WorldZoneId, profile.CarbonIntensity.ZoneId);
        Assert.Contains(profile.Notes, n => n.Contains("energy counter"));
    }

    [Fact]
    public void Flags_win_over_the_environment_which_wins_over_the_config_file()
    {
        var dir = Support.TestData.NewTempDirectory();
        var config = Path.Combine(dir, "machine.json");
        File.WriteAllText(config, """{ "location": "FR", "pue": 1.3, "cpuModel": "EPYC 7763" }""");
        var env = new Dictionary<string, string> { ["GREENSPACE_MACHINE_CONFIG"] = config, ["GREENSPACE_LOCATION"] = "DE" };
        string? Get(string name) => env.GetValueOrDefault(name);

        var fileAndEnv = MachineSettings.Load(null, Get);
        Assert.Equal(("DE", 1.3, "EPYC 7763"), (fileAndEnv.Location, fileAndEnv.Pue, fileAndEnv.CpuModel));
        Assert.Equal("CH", MachineSettings.Load(new MachineSettings { Location = "CH" }, Get).Location);
        env.Remove("GREENSPACE_LOCATION");
        Assert.Equal("FR", MachineSettings.Load(null, Get).Location);

        var profile = MachineProfile.Build(Tables, fileAndEnv, CpuInfo.Parse(Zen3VmCpuinfo), 24, new EnergyCounterProbe([], [], false));
        Assert.Equal((4.375, 1.3, 333.77), (profile.TdpPerCoreW, profile.Pue, profile.CarbonIntensity.GramsCo2ePerKwh));
    }

    [Fact]
    public void An_unknown_location_in_the_settings_is_one_clear_sentence()
    {
        var e = Assert.Throws<FootprintInputException>(() =>
            MachineProfile.Build(Tables, new MachineSettings { Location = "Atlantis" }, CpuInfo.Parse(Zen3VmCpuinfo), 24, new EnergyCounterProbe([], [], false)));
        Assert.Contains("Atlantis", e.Message);
    }
}
