using System.Text.Json;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Cli;

/// <summary><c>greenspace footprint</c> run as a process: a declared job and a Green Algorithms export against the calculator's own figures, and bad input.</summary>
public sealed class FootprintCommandTests
{
    private static readonly string SusMl = TestData.DataFile("susml", "green-algorithms-v3.1-runs.csv");

    [Fact]
    public async Task An_export_is_recomputed_beside_the_calculators_figures()
    {
        var run = await CliRunner.RunAsync(["footprint", "--csv", SusMl, "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var rows = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(13, rows.GetArrayLength());
        foreach (var row in rows.EnumerateArray())
        {
            var ours = row.GetProperty("ours");
            var theirs = row.GetProperty("theirs");
            foreach (var figure in new[] { "energyKwh", "operationalCarbonGco2e", "embodiedCarbonGco2e" })
            {
                var o = ours.GetProperty(figure).GetDouble();
                var t = theirs.GetProperty(figure).GetDouble();
                Assert.True(Math.Abs(o / t - 1) < 1e-3, $"{row.GetProperty("name")}: {figure} ours {o} theirs {t}");
            }
        }
    }

    [Fact]
    public async Task A_declared_job_matches_the_calculators_MAD_row()
    {
        // The SusML "MAD-1.5 (Switzerland share)" row, typed as flags: the calculator reported 304,180 kWh,
        // 12,398,376.8 gCO2e and 29,588,085.67 gCO2e embodied.
        var run = await CliRunner.RunAsync(["footprint", "--cores", "72", "--cpu-model", "Xeon Platinum 8460Y+", "--usage-cpu", "0.95",
            "--memory-gb", "256", "--runtime-hours", "200000", "--location", "CH", "--pue", "1.25", "--multiplier", "2", "--json"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal("Declared", result.GetProperty("method").GetString());
        Assert.Equal(304180, result.GetProperty("energyKwh").GetDouble(), 304180 * 1e-3);
        Assert.Equal(12398376.8, result.GetProperty("operationalCarbonGco2e").GetDouble(), 12398376.8 * 1e-3);
        Assert.Equal(29588085.67, result.GetProperty("embodiedCarbonGco2e").GetDouble(), 29588085.67 * 1e-2);
    }

    [Fact]
    public async Task The_table_names_the_pue_and_carbon_intensity_with_their_sources()
    {
        var run = await CliRunner.RunAsync(["footprint", "--cores", "4", "--memory-gb", "8", "--runtime-hours", "2", "--location", "DE"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("1.56", run.Stdout);
        Assert.Contains("Uptime Institute", run.Stdout);
        Assert.Contains("333.77", run.Stdout);
        Assert.Contains("Electricity Maps 2024", run.Stdout);
        Assert.Contains("embodied carbon", run.Stdout);
    }

    [Theory]
    [InlineData("runtime", "--cores", "4", "--memory-gb", "8", "--runtime-hours=-1", "--location", "DE")]
    [InlineData("Atlantis", "--cores", "4", "--memory-gb", "8", "--runtime-hours", "1", "--location", "Atlantis")]
    public async Task Bad_input_gives_one_sentence_and_exit_code_2(string named, params string[] args)
    {
        var run = await CliRunner.RunAsync(["footprint", .. args]);
        Assert.Equal(2, run.ExitCode);
        var message = run.Stderr.Trim();
        Assert.Contains(named, message);
        Assert.Single(message.Split('\n'));
    }

    [Fact]
    public async Task An_export_without_a_memory_column_is_refused_with_exit_code_2()
    {
        var dir = TestData.NewTempDirectory();
        var path = Path.Combine(dir, "no-memory.csv");
        var lines = File.ReadAllLines(SusMl).Select(l => l.Split(';')).ToList();
        var memory = Array.IndexOf(lines[0], "memory");
        File.WriteAllLines(path, lines.Select(cells => string.Join(';', cells.Where((_, i) => i != memory))));
        var run = await CliRunner.RunAsync(["footprint", "--csv", path]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no column 'memory'", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task The_machine_profile_says_what_was_detected_and_that_energy_is_modelled()
    {
        var run = await CliRunner.RunAsync(["footprint", "--machine", "--json", "--location", "DE"]);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var profile = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(Environment.ProcessorCount, profile.GetProperty("logicalCpus").GetInt32());
        Assert.Equal(333.77, profile.GetProperty("carbonIntensityGco2ePerKwh").GetDouble());
        Assert.Equal(2024, profile.GetProperty("carbonIntensityYear").GetInt32());
        var min = profile.GetProperty("tdpPerCoreMinW").GetDouble();
        var max = profile.GetProperty("tdpPerCoreMaxW").GetDouble();
        Assert.InRange(profile.GetProperty("tdpPerCoreW").GetDouble(), min, max);
        if (!Directory.Exists("/sys/class/powercap"))
            Assert.StartsWith("none readable", profile.GetProperty("energyCounters").GetString());
    }
}
