using Greenspace.Engines;
using Greenspace.Ledger;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Ledger;

/// <summary>
/// The GPU counter path. This machine has no GPU, so nvidia-smi is a stand-in here: the one case where
/// that is right, a missing hardware counter. Its output follows nvidia-smi's CSV form (no header, no units).
/// </summary>
public class GpuEnergyCountersTests
{
    [Fact]
    public void Readings_parse_millijoules_to_joules_and_an_unreadable_counter_is_null_not_zero()
    {
        var readings = GpuEnergyCounters.Parse("0, NVIDIA H200, 1234567, 700.00, 122.50\n1, NVIDIA H200, [N/A], 700.00, [N/A]\n");
        Assert.Equal(2, readings.Count);
        Assert.Equal(1234.567, readings[0].TotalEnergyJoules!.Value, 9);
        Assert.Equal(700, readings[0].PowerLimitWatts);
        Assert.Null(readings[1].TotalEnergyJoules);
        Assert.Null(GpuEnergyCounters.EnergyJoules(readings, readings));
        var one = readings.Take(1).ToList();
        var later = GpuEnergyCounters.Parse("0, NVIDIA H200, 1834567, 700.00, 571.00\n");
        Assert.Equal(600.0, GpuEnergyCounters.EnergyJoules(one, later)!.Value, 9);
        Assert.Null(GpuEnergyCounters.EnergyJoules([], later));
    }

    [Fact]
    public async Task Track_charges_the_gpu_energy_the_driver_counted_over_the_run()
    {
        var bin = TestData.NewTempDirectory("gs-gpu-");
        var counter = Path.Combine(bin, "counter");
        File.WriteAllText(counter, "1000000");
        // Each query reports a counter 250 J (250,000 mJ) above the last, as a busy GPU's would.
        var smi = Path.Combine(bin, "nvidia-smi");
        File.WriteAllText(smi, $$"""
            #!/bin/sh
            n=$(cat '{{counter}}')
            echo "0, Stand-in GPU, $n, 400.00, 300.00"
            echo $((n + 250000)) > '{{counter}}'
            """);
        File.SetUnixFileMode(smi, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var run = await CliRunner.RunAsync(["track", "--json", "--", "true"],
            new Dictionary<string, string> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" });
        Assert.True(run.ExitCode == 0, run.Stderr);
        var json = System.Text.Json.JsonDocument.Parse(run.Stdout[run.Stdout.IndexOf('{')..]).RootElement;
        Assert.Equal(250.0, json.GetProperty("gpu_energy_joules").GetDouble(), 9);
        // 250 J of GPU energy x PUE dominates a run of `true`: the entry's energy exceeds it.
        Assert.True(json.GetProperty("energy_kwh").GetDouble() * 3.6e6 > 250);
    }

    [Fact]
    public async Task Without_nvidia_smi_there_are_no_readings()
    {
        var readings = await new GpuEnergyCounters(new EngineEnvironment("/nonexistent")).ReadAsync();
        Assert.Empty(readings);
    }
}
