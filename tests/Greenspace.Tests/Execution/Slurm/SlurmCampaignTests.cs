using Greenspace.Execution.Slurm;
using Greenspace.Store;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Execution.Slurm;

/// <summary><c>greenspace campaign run --executor slurm</c> as a process, on the real single-node cluster, against the same campaign run here.</summary>
[Collection(SlurmClusterCollection.Name)]
[Trait(Category.Name, Category.Slow)]
public class SlurmCampaignTests(SlurmCluster cluster)
{
    private const string Spec = """
        name: slurm-test
        seed: 5
        library:
          bundled: qm7
          limit: 60
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
          calculations: 40
        batch_size: 8
        start:
          diverse: 4
        surrogate:
          representation: cm
        """;

    /// <summary>
    /// greenspace published self-contained (no .NET needed on the nodes), as a cluster would run it from its shared
    /// filesystem; published once per test run.
    /// </summary>
    private static readonly Lazy<Task<string>> SelfContained = new(async () =>
    {
        var output = TestData.NewTempDirectory("gs-worker-");
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "publish", Path.Combine(TestData.RepositoryRoot, "src", "Greenspace.Cli"), "-c", "Release", "-r", "linux-x64", "--self-contained", "-o", output, "-nologo", "-v", "quiet" })
            psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"dotnet publish failed: {await stdout}{await stderr}");
        return Path.Combine(output, "greenspace");
    });

    [Fact]
    public async Task A_campaign_on_slurm_makes_the_same_calculations_as_here_with_equal_energies_each_naming_its_job()
    {
        var dir = TestData.NewTempDirectory("gs-slurm-campaign-");
        var spec = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(spec, Spec);

        var here = Path.Combine(dir, "here.db");
        var local = await CliRunner.RunAsync(["campaign", "run", spec, "--store", here, "--report", Path.Combine(dir, "here")]);
        Assert.True(local.ExitCode == 0, local.Stdout + local.Stderr);

        var there = Path.Combine(dir, "slurm.db");
        var slurm = await CliRunner.RunAsync(
            ["campaign", "run", spec, "--store", there, "--report", Path.Combine(dir, "slurm"), "--executor", "slurm", "--spool", Path.Combine(dir, "spool"), "--job-size", "8", "--worker", await SelfContained.Value],
            new Dictionary<string, string> { ["SLURM_CONF"] = cluster.SlurmConf });
        Assert.True(slurm.ExitCode == 0, slurm.Stdout + slurm.Stderr);

        var expected = Steps(here);
        var actual = Steps(there);
        Assert.Equal(40, expected.Count);
        Assert.Equal(expected.Select(s => s.Key), actual.Select(s => s.Key)); // the same molecules at the same rungs, in the same batches
        const double KcalPerMolPerHartree = 627.5094740631;
        for (int i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i].Value - actual[i].Value) <= 1e-7 * KcalPerMolPerHartree, $"{expected[i].Key}: {expected[i].Value} here, {actual[i].Value} on Slurm");

        using var store = ResultStore.Open(there);
        var jobs = store.SchedulerJobs();
        Assert.NotEmpty(jobs);
        Assert.All(store.Calculations(), c =>
        {
            Assert.Equal(cluster.Node, c.Result.Provenance.Host);
            Assert.Contains(jobs, j => c.Result.Provenance.Job == $"slurm {j.JobId}");
        });
        Assert.All(jobs, j => Assert.Equal("COMPLETED", j.State));
        Assert.All(StoreFile.ResultsPerRequest(there), n => Assert.Equal(1, n));

        // The ledger says what the jobs cost beyond their calculations.
        var ledger = await CliRunner.RunAsync(["ledger", "--store", there]);
        Assert.True(ledger.ExitCode == 0, ledger.Stderr);
        Assert.Matches(@"\d+ Slurm jobs ran calculations; Slurm's TotalCPU for the \d+ with accounting is [\d.]+ s against [\d.]+ s measured by their calculations: [\d.]+ s of scheduling overhead", ledger.Stdout.ReplaceLineEndings(" "));
    }

    [Fact]
    public async Task A_partition_slurm_refuses_is_one_clear_sentence_and_nothing_is_stored()
    {
        var dir = TestData.NewTempDirectory("gs-slurm-refused-");
        var input = Path.Combine(dir, "water.xyz");
        File.WriteAllText(input, "3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n");
        var store = Path.Combine(dir, "store.db");
        var run = await CliRunner.RunAsync(["compute", "--method", "gfn2", "--input", input, "--store", store, "--executor", "slurm", "--partition", "no-such-partition"],
            new Dictionary<string, string> { ["SLURM_CONF"] = cluster.SlurmConf }).WaitAsync(Eventually.HangGuard);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("sbatch exited with code 1 (sbatch: error: invalid partition specified: no-such-partition)", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'), l => l.StartsWith("greenspace: ", StringComparison.Ordinal));
        using var opened = ResultStore.Open(store);
        Assert.Equal(0, opened.Summary().Successes + opened.Summary().Failures);
    }

    private const string FaultSpec = """
        name: slurm-fault
        seed: 2
        library:
          bundled: qm7
          limit: 40
        objective:
          goal: minimise
          rung: hf
          group_by: formula
        rungs:
          - name: gfn2
            program: xtb
            method: gfn2
            property: energy
          - name: hf
            program: psi4
            method: hf
            basis: sto-3g
            property: energy
        budget:
          calculations: 30
        batch_size: 6
        start:
          diverse: 6
        surrogate:
          representation: cm
        """;

    [Theory]
    [InlineData("cancel")]
    [InlineData("node down")]
    public async Task A_campaign_whose_job_is_struck_mid_batch_resubmits_what_was_unfinished_and_completes_running_nothing_twice(string fault)
    {
        var dir = TestData.NewTempDirectory("gs-slurm-campaign-fault-");
        var spec = Path.Combine(dir, "spec.yaml");
        File.WriteAllText(spec, FaultSpec);
        var storePath = Path.Combine(dir, "store.db");
        var client = cluster.Client();

        using var process = CliRunner.Start(
            ["campaign", "run", spec, "--store", storePath, "--report", Path.Combine(dir, "report"), "--executor", "slurm", "--spool", Path.Combine(dir, "spool"), "--job-size", "6"],
            new Dictionary<string, string> { ["SLURM_CONF"] = cluster.SlurmConf });
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // Strike the first job that has returned some but not all of its psi4 calculations.
        long struck = await Eventually.Until(() => Task.FromResult(File.Exists(storePath) ? RunningWithSomeResults(storePath) : 0),
            job => job != 0 || process.HasExited, "a job caught mid-batch", TimeSpan.FromMilliseconds(30));
        if (struck == 0)
            Assert.Fail("the campaign ended before a job could be struck: " + await stderr);
        if (fault == "cancel")
            await client.CancelAsync(struck);
        else
        {
            await client.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Down, "greenspace campaign test");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await client.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Resume);
        }
        Assert.True(await Task.Run(() => process.WaitForExit(Eventually.HangGuard)), "the campaign never finished after the fault");
        Assert.True(process.ExitCode == 0, await stdout + await stderr);

        using var store = ResultStore.Open(storePath);
        var jobs = store.SchedulerJobs();
        var hit = jobs.Single(j => j.JobId == struck.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith(fault == "cancel" ? "CANCELLED" : "NODE_FAIL", hit.State);
        Assert.Contains(jobs, j => j.Attempt == 2); // what the struck job left was submitted again
        Assert.All(StoreFile.ResultsPerRequest(storePath), n => Assert.Equal(1, n)); // and nothing ran twice
        var campaign = Assert.Single(store.Campaigns("slurm-fault"));
        Assert.Equal("budget of 30 calculations reached", campaign.StopReason);
        Assert.All(store.CampaignBatches(campaign.Id).SelectMany(b => b.Steps), s => Assert.True(s.Outcome is { Succeeded: true }, s.Outcome?.Error));
    }

    /// <summary>A job still running that has put at least one but not all of its calculations' results in the store, or 0.</summary>
    private static long RunningWithSomeResults(string storePath)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={storePath};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = """
            SELECT j.job_id FROM scheduler_jobs j
            WHERE j.ended_at IS NULL AND j.calculations >= 4
              AND (SELECT COUNT(*) FROM results r WHERE r.job = 'slurm ' || j.job_id AND r.program = 'psi4') BETWEEN 1 AND j.calculations - 2
            """;
        try
        {
            return cmd.ExecuteScalar() is string id ? long.Parse(id, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0; // the store is being created
        }
    }

    private static List<(string Key, double Value)> Steps(string storePath)
    {
        using var store = ResultStore.Open(storePath);
        var campaign = Assert.Single(store.Campaigns("slurm-test"));
        return [.. store.CampaignBatches(campaign.Id).SelectMany(b => b.Steps)
            .Where(s => s.Outcome is not null)
            .Select(s => ($"batch {s.Batch}: molecule {s.Plan.Molecule} rung {s.Plan.Rung}", s.Outcome!.Value ?? double.NaN))
            .OrderBy(s => s.Item1, StringComparer.Ordinal)];
    }
}
