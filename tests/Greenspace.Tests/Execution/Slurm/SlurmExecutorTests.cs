using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Execution.Slurm;
using Greenspace.Learning.Datasets;
using Greenspace.Records;
using Greenspace.Store;
using Greenspace.Tests.Support;
using Xunit.Abstractions;

namespace Greenspace.Tests.Execution.Slurm;

/// <summary>
/// The Slurm executor on the real single-node cluster: calculations go out as jobs running <c>greenspace worker</c>,
/// results come back through the spool into the store, and jobs that are cancelled or lose their node for real are
/// resubmitted for what they left unfinished.
/// </summary>
[Collection(SlurmClusterCollection.Name)]
[Trait(Category.Name, Category.Slow)]
public class SlurmExecutorTests(SlurmCluster cluster, ITestOutputHelper log)
{
    private static readonly Lazy<Qm7Dataset> Qm7 = new(() => Qm7Dataset.Load(TestData.DataFile("qm7")));

    private static EngineRunOptions Options => EngineRuns.Options(TimeSpan.FromMinutes(5));

    private SlurmSettings Settings(string directory, int batchSize) => new()
    {
        Spool = Path.Combine(directory, "spool"),
        SlurmConf = cluster.SlurmConf,
        JobSize = batchSize,
        PollInterval = TimeSpan.FromMilliseconds(100),
        // The nodes run the greenspace built beside the tests, as a cluster would run the one on its shared filesystem.
        WorkerCommand = ["dotnet", CliRunner.Assembly],
    };

    private static List<CalculationRequest> Requests(string program, string method, string? basis, int count, int skip = 0) =>
        [.. Qm7.Value.Molecules.Skip(skip).Take(count).Select(m => new CalculationRequest(m, program, method, basis, Driver.Energy))];

    private static StoredCalculation Stored(ResultStore store, ComputeOutcome outcome) => store.FindLatest(outcome.RequestHash!)!;

    [Fact]
    public async Task Calculations_on_slurm_equal_those_run_here_and_name_their_job_and_node()
    {
        var directory = TestData.NewTempDirectory("gs-slurm-exec-");
        var requests = Requests("xtb", "gfn2", null, 12);
        using var slurmStore = ResultStore.Open(Path.Combine(directory, "slurm.db"));
        using var localStore = ResultStore.Open(Path.Combine(directory, "local.db"));

        IReadOnlyList<ComputeOutcome> remote;
        await using (var executor = new SlurmExecutor(Settings(directory, batchSize: 5), slurmStore))
            remote = await new ComputeService(EngineRegistry.Default, slurmStore, new ComputeOptions { Jobs = 12, Engine = Options, Executor = executor }).RunAsync(requests);
        var local = await new ComputeService(EngineRegistry.Default, localStore, new ComputeOptions { Jobs = 2, Engine = Options }).RunAsync(requests);

        var jobs = slurmStore.SchedulerJobs();
        Assert.Equal(3, jobs.Count); // 12 calculations in batches of 5
        for (int i = 0; i < requests.Count; i++)
        {
            Assert.True(remote[i].Result!.Succeeded, remote[i].Result!.Error);
            Assert.Equal(OutcomeSource.Computed, remote[i].Source);
            Assert.Equal(local[i].Result!.Properties!.Energy, remote[i].Result!.Properties!.Energy, 1e-7);
            var stored = Stored(slurmStore, remote[i]);
            Assert.Equal(cluster.Node, stored.Result.Provenance.Host);
            Assert.Contains(jobs, j => stored.Result.Provenance.Job == $"slurm {j.JobId}");
            Assert.True(stored.Result.Cost.CpuSeconds > 0, "the worker's own meter measured the calculation");
            Assert.Null(Stored(localStore, local[i]).Result.Provenance.Job);
        }
        foreach (var job in jobs)
        {
            log.WriteLine($"job {job.JobId}: {job.State}, {job.Finished} finished, worker CPU {job.WorkerCpuSeconds:F3} s, Slurm TotalCPU {job.TotalCpuSeconds:F3} s, overhead {job.OverheadCpuSeconds:F3} s, energy {job.ConsumedEnergyJoules?.ToString() ?? "not measured"}");
            Assert.Equal("COMPLETED", job.State);
            Assert.Equal(job.Calculations, job.Finished);
            // The job's CPU time holds its calculations' and the worker's own start-up besides.
            Assert.NotNull(job.TotalCpuSeconds);
            Assert.True(job.TotalCpuSeconds >= job.WorkerCpuSeconds, $"Slurm's TotalCPU {job.TotalCpuSeconds} s is below the calculations' {job.WorkerCpuSeconds} s");
            Assert.Null(job.ConsumedEnergyJoules); // no energy plugin here: "not measured", never zero
        }
        Assert.All(StoreFile.ResultsPerRequest(slurmStore.Path), n => Assert.Equal(1, n));
        Assert.Empty(Directory.GetFiles(Path.Combine(directory, "spool", "results"))); // the store holds them now
        Assert.Empty(Directory.GetDirectories(Path.Combine(directory, "spool", "batches"))); // and the finished jobs' folders are gone
    }

    [Fact]
    public async Task A_job_cancelled_mid_batch_is_resubmitted_for_its_unfinished_calculations_only()
    {
        await RunThroughAFaultAsync(async (job, client) => await client.CancelAsync(job), "CANCELLED");
    }

    [Fact]
    public async Task A_job_whose_node_goes_down_is_resubmitted_and_finishes_once_the_node_is_back()
    {
        var client = cluster.Client();
        try
        {
            await RunThroughAFaultAsync(async (job, c) =>
            {
                await c.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Down, "greenspace executor test");
                // The resubmitted job waits for a node: bring it back shortly, as an operator would.
                _ = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(t => c.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Resume));
            }, "NODE_FAIL");
        }
        finally
        {
            var node = (await client.NodesAsync()).First(n => n.Name == cluster.Node);
            if (!node.State.StartsWith("idle", StringComparison.OrdinalIgnoreCase) && !node.State.StartsWith("alloc", StringComparison.OrdinalIgnoreCase) && !node.State.StartsWith("mix", StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    await client.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Resume);
                }
                catch (SlurmException)
                {
                    // already back
                }
            }
        }
    }

    [Fact]
    public async Task A_job_pending_too_long_is_cancelled_and_reported_with_slurms_reason_and_runs_later()
    {
        var directory = TestData.NewTempDirectory("gs-slurm-pending-");
        var requests = Requests("xtb", "gfn2", null, 2, skip: 200);
        using var store = ResultStore.Open(Path.Combine(directory, "store.db"));
        var client = cluster.Client();
        await client.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Drain, "greenspace pending test");
        try
        {
            await using var executor = new SlurmExecutor(Settings(directory, batchSize: 2) with { MaxPending = TimeSpan.FromSeconds(3) }, store);
            var service = new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = 2, Engine = Options, Executor = executor });
            var e = await Assert.ThrowsAsync<SlurmException>(() => service.RunAsync(requests));
            log.WriteLine(e.Message);
            Assert.Matches(@"^Slurm job \d+ was still pending after 3 s \(Slurm's reason: [^)]*(DOWN|DRAIN)[^)]*\); it was cancelled", e.Message);
            Assert.DoesNotContain("reason: None", e.Message);
        }
        finally
        {
            await client.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Resume);
        }
        var job = Assert.Single(store.SchedulerJobs());
        Assert.StartsWith("CANCELLED", job.State);
        Assert.Equal(0, store.Summary().Successes + store.Summary().Failures); // nothing stored as computed or failed

        // The claims were released: once the node is back, the same requests run.
        await using (var executor = new SlurmExecutor(Settings(directory, batchSize: 2), store))
        {
            var outcomes = await new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = 2, Engine = Options, Executor = executor }).RunAsync(requests);
            Assert.All(outcomes, o => Assert.Equal(OutcomeSource.Computed, o.Source));
        }
    }

    [Fact]
    public async Task Jobs_that_keep_failing_are_submitted_a_bounded_number_of_times_then_their_calculations_fail_with_the_reason()
    {
        var directory = TestData.NewTempDirectory("gs-slurm-failing-");
        var requests = Requests("xtb", "gfn2", null, 2, skip: 300);
        using var store = ResultStore.Open(Path.Combine(directory, "store.db"));
        // A worker that exits 1 at once: each job really ends FAILED in Slurm.
        var settings = Settings(directory, batchSize: 2) with { WorkerCommand = ["/bin/false"], MaxAttempts = 3 };
        IReadOnlyList<ComputeOutcome> outcomes;
        await using (var executor = new SlurmExecutor(settings, store))
            outcomes = await new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = 2, Engine = Options, Executor = executor }).RunAsync(requests);

        var jobs = store.SchedulerJobs();
        Assert.Equal([1, 2, 3], jobs.Select(j => j.Attempt));
        Assert.All(jobs, j => Assert.Equal("FAILED", j.State));
        Assert.All(outcomes, o =>
        {
            Assert.False(o.Succeeded);
            Assert.Matches(@"^Slurm job \d+ ended FAILED .*before this calculation finished, as did every one of its 3 submissions; see .*slurm-\d+\.out$", o.Result!.Error);
        });
        Assert.Equal(2, store.Summary().Failures); // stored as failed, with the reason
        foreach (var error in outcomes.Select(o => o.Result!.Error!))
            Assert.True(File.Exists(error[(error.IndexOf("; see ", StringComparison.Ordinal) + 6)..]), $"the Slurm output a failed calculation points to is kept: {error}");
    }

    [Fact]
    public async Task A_job_that_outlives_its_time_limit_ends_TIMEOUT_and_its_calculations_fail_with_that_reason()
    {
        var directory = TestData.NewTempDirectory("gs-slurm-timeout-");
        var requests = Requests("xtb", "gfn2", null, 1, skip: 400);
        using var store = ResultStore.Open(Path.Combine(directory, "store.db"));
        // A worker that hangs (its arguments go to the shell, which ignores them), in a job of Slurm's shortest limit, one minute.
        var settings = Settings(directory, batchSize: 1) with
        {
            WorkerCommand = ["/bin/sh", "-c", "sleep 600", "hanging-worker"],
            JobTimeLimit = TimeSpan.FromMinutes(1),
            MaxAttempts = 1,
        };
        IReadOnlyList<ComputeOutcome> outcomes;
        await using (var executor = new SlurmExecutor(settings, store))
            outcomes = await new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = 1, Engine = Options, Executor = executor })
                .RunAsync(requests).WaitAsync(Eventually.HangGuard);

        var job = Assert.Single(store.SchedulerJobs());
        Assert.Equal("TIMEOUT", job.State);
        var outcome = Assert.Single(outcomes);
        Assert.Matches(@"^Slurm job \d+ ended TIMEOUT", outcome.Result!.Error);
    }

    /// <summary>
    /// Six psi4 HF calculations (about a second each) in one job; once the first is in the store the fault strikes
    /// the job; every calculation must then finish, exactly once, the first ones in the first job and the rest in a later one.
    /// </summary>
    private async Task RunThroughAFaultAsync(Func<long, SlurmClient, Task> fault, string expectedState)
    {
        var directory = TestData.NewTempDirectory("gs-slurm-fault-");
        var requests = Requests("psi4", "hf", "sto-3g", 6, skip: 100);
        using var store = ResultStore.Open(Path.Combine(directory, "store.db"));
        IReadOnlyList<ComputeOutcome> outcomes;
        long first;
        await using (var executor = new SlurmExecutor(Settings(directory, batchSize: 6), store))
        {
            var service = new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = 6, Engine = Options, Executor = executor });
            var run = service.RunAsync(requests);
            await Eventually.Until(() => Task.FromResult(store.Summary().Successes), n => n > 0 || run.IsCompleted, "a first result from the cluster", TimeSpan.FromMilliseconds(50));
            Assert.False(run.IsCompleted, "the batch finished before the fault could strike; the calculations are too quick for this test");
            first = executor.SubmittedJobs[0];
            await fault(first, cluster.Client());
            outcomes = await run.WaitAsync(Eventually.HangGuard);
            await executor.DisposeAsync();
            Assert.Null(executor.Failure);
        }

        var jobs = store.SchedulerJobs();
        foreach (var job in jobs)
            log.WriteLine($"job {job.JobId} attempt {job.Attempt}: {job.State} ({job.Reason}), {job.Finished}/{job.Calculations} finished, nodes {job.Nodes}");
        Assert.All(outcomes, o => Assert.True(o.Result!.Succeeded, o.Result.Error));
        Assert.All(StoreFile.ResultsPerRequest(store.Path), n => Assert.Equal(1, n)); // nothing ran twice into the store
        var firstJob = jobs.Single(j => j.JobId == first.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.StartsWith(expectedState, firstJob.State);
        Assert.InRange(firstJob.Finished!.Value, 1, 5);
        var later = jobs.Where(j => j != firstJob).ToList();
        Assert.NotEmpty(later);
        // The later jobs ran exactly what the first left unfinished: together they finished each calculation once.
        Assert.Equal(6 - firstJob.Finished.Value, later.Sum(j => j.Calculations));
        Assert.Equal(6, jobs.Sum(j => j.Finished ?? 0));
        var byJob = outcomes.Select(o => Stored(store, o).Result.Provenance.Job).GroupBy(j => j).ToDictionary(g => g.Key!, g => g.Count());
        Assert.Equal(firstJob.Finished.Value, byJob[$"slurm {first}"]);
    }
}
