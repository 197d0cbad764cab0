using Greenspace.Store;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Cli;

/// <summary><c>greenspace campaign</c> as a process: bad specs refused before anything runs, and SIGKILL at random moments.</summary>
public class CampaignCommandTests
{
    private const string GoodSpec = """
        name: kill-test
        seed: 3
        library:
          bundled: qm7
          limit: 100
        objective:
          goal: minimise
          rung: gfn2
          group_by: formula
        rungs:
          - name: gfn1
            program: xtb
            method: gfn1
            property: energy
          - name: gfn2
            program: xtb
            method: gfn2
            property: energy
        budget:
          calculations: 120
        batch_size: 4
        start:
          diverse: 3
        acquisition:
          function: pmin    # sampled: the same seed must draw the same samples in every process
        surrogate:
          representation: cm
        """;

    public static TheoryData<string, string, string> BadSpecs => new()
    {
        { "unknown engine", GoodSpec.Replace("program: xtb\n    method: gfn1", "program: orca\n    method: gfn1"), "'orca' is no engine Greenspace knows" },
        { "missing file", GoodSpec.Replace("bundled: qm7", "path: no-such-file.smi"), "no-such-file.smi" },
        { "empty library", GoodSpec.Replace("bundled: qm7", "path: empty.smi"), "empty.smi" },
        { "rung without property", GoodSpec.Replace("    method: gfn1\n    property: energy", "    method: gfn1"), "property" },
        { "budget of zero", GoodSpec.Replace("calculations: 120", "calculations: 0"), "budget" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task A_bad_spec_gets_a_clear_error_before_anything_runs(string what, string yaml, string expected)
    {
        var dir = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(dir, "empty.smi"), "");
        var spec = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(spec, yaml);
        var store = Path.Combine(dir, "store.db");
        var run = await CliRunner.RunAsync(["campaign", "run", spec, "--store", store]);

        Assert.True(run.ExitCode == 2, $"{what}: exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains(expected, run.Stderr);
        Assert.Contains("spec.yaml", run.Stderr);
        Assert.False(File.Exists(store), $"{what}: the store was created, so something ran");
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public async Task Killed_with_SIGKILL_at_random_moments_and_resumed_it_ends_with_the_calculations_of_an_uninterrupted_run_none_run_twice()
    {
        var dir = TestData.NewTempDirectory();
        var spec = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(spec, GoodSpec);

        var whole = Path.Combine(dir, "whole.db");
        var uninterrupted = await CliRunner.RunAsync(["campaign", "run", spec, "--store", whole, "--report", Path.Combine(dir, "whole")]);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stdout + uninterrupted.Stderr);

        var killed = Path.Combine(dir, "killed.db");
        var random = new Random(20261126);
        int kills = 0;
        for (int attempt = 0; attempt < 6; attempt++)
        {
            using var process = CliRunner.Start(["campaign", "run", spec, "--store", killed, "--report", Path.Combine(dir, "killed")]);
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var delay = TimeSpan.FromMilliseconds(random.Next(400, 1600));
            if (!process.WaitForExit(delay))
            {
                process.Kill(entireProcessTree: true); // SIGKILL on Linux: no handler runs
                process.WaitForExit();
                kills++;
            }
        }
        var resumed = await CliRunner.RunAsync(["campaign", "run", spec, "--store", killed, "--report", Path.Combine(dir, "killed")]);
        Assert.True(resumed.ExitCode == 0, resumed.Stdout + resumed.Stderr);
        Assert.True(kills >= 2, $"only {kills} of the runs were killed before they ended; the test needs at least two kills");

        var expected = FinishedSteps(whole);
        Assert.Equal(120, expected.Count);
        Assert.Equal(expected, FinishedSteps(killed));
        Assert.All(StoreFile.ResultsPerRequest(killed), n => Assert.Equal(1, n));
    }

    private static SortedSet<string> FinishedSteps(string storePath)
    {
        using var store = ResultStore.Open(storePath);
        var campaign = Assert.Single(store.Campaigns("kill-test"));
        return [.. store.CampaignBatches(campaign.Id).SelectMany(b => b.Steps)
            .Where(s => s.Outcome is not null)
            .Select(s => $"batch {s.Batch}: molecule {s.Plan.Molecule} rung {s.Plan.Rung} -> {s.Outcome!.Value:R}")];
    }
}
