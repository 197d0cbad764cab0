using System.Globalization;
using Greenspace.Engines;
using Greenspace.Execution.Slurm;
using Greenspace.Tests.Support;
using Xunit.Abstractions;

namespace Greenspace.Tests.Execution.Slurm;

/// <summary>SlurmClient against the real single-node cluster: jobs run, are cancelled and lose their node for real.</summary>
[Collection(SlurmClusterCollection.Name)]
[Trait(Category.Name, Category.Slow)]
public class SlurmClientTests(SlurmCluster cluster, ITestOutputHelper log)
{
    private readonly SlurmClient _slurm = cluster.Client();

    private static SlurmJobRequest Job(string name, params string[] lines)
    {
        var dir = TestData.NewTempDirectory("gs-slurm-job-");
        return new SlurmJobRequest(name, Path.Combine(dir, $"{name}.sh"), dir)
        {
            ScriptLines = ["#!/bin/sh", .. lines],
            OutputPath = Path.Combine(dir, "%x-%A_%a.out"),
            TimeLimit = TimeSpan.FromMinutes(5),
        };
    }

    private static Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what) => Eventually.Until(read, done, what);

    private async Task<SlurmQueueEntry> QueueState(long id) => (await _slurm.QueueAsync([id])).Single();

    [Fact]
    public async Task An_array_of_two_tasks_runs_each_index_once_and_both_complete_in_squeue_and_sacct()
    {
        var request = Job("array", "echo \"$SLURM_ARRAY_TASK_ID\" > \"task-$SLURM_ARRAY_TASK_ID\"") with { ArrayTasks = 2 };
        long id = await _slurm.SubmitAsync(request);

        var tasks = await Until(() => _slurm.QueueAsync([id]), q => q.Count == 2 && q.All(t => t.State == SlurmJobState.Completed), "both array tasks COMPLETED in squeue");
        Assert.Equal([0L, 1L], tasks.Select(t => t.ArrayTaskId!.Value).Order());
        Assert.All(tasks, t => Assert.Equal(id, t.ArrayJobId));
        // Each index ran once, in its own task.
        for (int i = 0; i < 2; i++)
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(request.WorkingDirectory, $"task-{i}")).Trim());

        var records = await Until(() => _slurm.AccountingAsync([id]), r => r.Count(x => x.Step is null && x.State == SlurmJobState.Completed) == 2, "both array tasks COMPLETED in sacct");
        var jobs = records.Where(r => r.Step is null).OrderBy(r => r.ArrayTaskId).ToList();
        Assert.Equal([0L, 1L], jobs.Select(j => j.ArrayTaskId!.Value));
        Assert.All(jobs, j => Assert.Equal((0, 0), (j.ExitCode!.Value, j.ExitSignal!.Value)));
        Assert.Contains(records, r => r.Step == "batch" && r.ArrayTaskId == 1);
    }

    [Fact]
    public async Task A_job_that_burns_CPU_reports_its_CPU_seconds_and_no_energy()
    {
        // The job is a shell loop (the job itself may use a shell): about a second of pure CPU.
        var request = Job("burn", "i=0", "while [ $i -lt 1500000 ]; do i=$((i+1)); done");
        long id = await _slurm.SubmitAsync(request);
        await Until(() => QueueState(id), q => q.State == SlurmJobState.Completed, "the burn job COMPLETED in squeue");
        var records = await Until(() => _slurm.AccountingAsync([id]), r => r.Any(x => x.Step == "batch" && x.State == SlurmJobState.Completed), "the burn job in sacct");

        var batch = records.Single(r => r.Step == "batch");
        var job = records.Single(r => r.Step is null);
        Assert.InRange(batch.TotalCpuSeconds!.Value, 0.3, 30);
        // Wall time is whole seconds in sacct: CPU of one single-threaded step cannot exceed it by a second.
        Assert.True(batch.TotalCpuSeconds <= batch.ElapsedSeconds + 1, $"CPU {batch.TotalCpuSeconds} s in {batch.ElapsedSeconds} s of wall time");
        Assert.Null(batch.ConsumedEnergyJoules);
        Assert.Null(job.ConsumedEnergyJoules);
        log.WriteLine($"TotalCPU {batch.TotalCpuSeconds:0.000} s, MaxRSS {batch.MaxRssBytes} B");
    }

    [Fact]
    public async Task A_trivial_job_completes_in_squeue_and_in_sacct()
    {
        long id = await _slurm.SubmitAsync(Job("trivial", "true"));
        await Until(() => QueueState(id), q => q.State == SlurmJobState.Completed, "the trivial job COMPLETED in squeue");
        await Until(() => _slurm.AccountingAsync([id]), r => r.Any(x => x.Step is null && x.State == SlurmJobState.Completed), "the trivial job in sacct");
    }

    [Fact]
    public async Task Cancelling_a_running_job_ends_it_cancelled()
    {
        long id = await _slurm.SubmitAsync(Job("cancel-me", "sleep 300"));
        await Until(() => QueueState(id), q => q.State == SlurmJobState.Running, "the job RUNNING");
        await _slurm.CancelAsync(id);
        await Until(() => QueueState(id), q => q.State == SlurmJobState.Cancelled, "the job CANCELLED in squeue");
        var records = await Until(() => _slurm.AccountingAsync([id]), r => r.Any(x => x.Step is null && x.State == SlurmJobState.Cancelled), "the job CANCELLED in sacct");
        Assert.StartsWith("CANCELLED by ", records.Single(r => r.Step is null).StateText);
    }

    [Fact]
    public async Task A_node_set_down_ends_a_job_that_may_not_be_requeued_NODE_FAIL_and_requeues_one_that_may()
    {
        long failing = await _slurm.SubmitAsync(Job("no-requeue", "sleep 300") with { Requeue = false });
        long requeued = await _slurm.SubmitAsync(Job("requeue", "sleep 300") with { Requeue = true });
        try
        {
            await Until(() => _slurm.QueueAsync([failing, requeued]), q => q.Count == 2 && q.All(j => j.State == SlurmJobState.Running), "both jobs RUNNING");
            await _slurm.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Down, "greenspace test");
            var failed = await Until(() => QueueState(failing), q => q.State == SlurmJobState.NodeFail, "NODE_FAIL of the job that may not be requeued");
            var back = await Until(() => QueueState(requeued), q => q.State == SlurmJobState.Pending, "the other job back to PENDING");
            Assert.Equal("NodeDown", failed.Reason);
            var node = (await _slurm.NodesAsync()).Single(n => n.Name == cluster.Node);
            Assert.Equal(("down", "greenspace test"), (node.State, node.Reason));
            log.WriteLine($"requeued job PENDING with reason {back.Reason}");
        }
        finally
        {
            await _slurm.SetNodeStateAsync(cluster.Node, SlurmNodeStateChange.Resume);
            await _slurm.CancelAsync(requeued);
        }
        await Until(() => _slurm.NodesAsync(), n => n.Single(x => x.Name == cluster.Node) is { State: "idle", Responding: true }, "the node idle again after RESUME");
        long after = await _slurm.SubmitAsync(Job("after-resume", "true"));
        await Until(() => QueueState(after), q => q.State == SlurmJobState.Completed, "a job on the resumed node COMPLETED");
        var accounting = await Until(() => _slurm.AccountingAsync([failing]), r => r.Any(x => x.Step is null && x.State == SlurmJobState.NodeFail), "NODE_FAIL in sacct");
        Assert.NotEmpty(accounting);
    }

    [Fact]
    public async Task A_Slurm_command_missing_from_PATH_is_one_clear_sentence()
    {
        var noSlurm = new SlurmClient(cluster.SlurmConf, new EngineEnvironment(TestData.NewTempDirectory("gs-empty-path-")));
        var e = await Assert.ThrowsAsync<SlurmException>(() => noSlurm.QueueAsync([1]));
        Assert.StartsWith("squeue was not found on PATH", e.Message);
        Assert.EndsWith("is Slurm installed (Debian: slurm-client) and on PATH?", e.Message);
    }

    [Fact]
    public async Task A_submission_Slurm_refuses_names_sbatch_its_exit_code_and_its_error()
    {
        var e = await Assert.ThrowsAsync<SlurmException>(() => _slurm.SubmitAsync(Job("nowhere", "true") with { Partition = "no-such-partition" }));
        Assert.StartsWith("sbatch exited with code 1 (sbatch: error: ", e.Message);
        Assert.Contains("partition", e.Message, StringComparison.OrdinalIgnoreCase);
        log.WriteLine(e.Message);
    }

    [Fact]
    public async Task Squeue_of_a_job_it_never_knew_is_empty_not_an_error() =>
        Assert.Empty(await _slurm.QueueAsync([987654321]));
}
