using Greenspace.Execution.Slurm;

namespace Greenspace.Tests.Execution.Slurm;

/// <summary>
/// The parsers on lines captured from the real Slurm 22.05.8 cluster of tools/slurm/cluster.sh (the lines are
/// input; the expected values follow from Slurm's documented formats).
/// </summary>
public class SlurmValuesTests
{
    private const char D = '\u001f';

    private static string Line(string pipes) => pipes.Replace('|', D);

    [Theory]
    [InlineData("00:00.192", 0.192)]          // TotalCPU, MM:SS.sss
    [InlineData("01:02:03", 3723)]            // Elapsed, HH:MM:SS
    [InlineData("1-02:03:04", 93784)]         // DD-HH:MM:SS
    [InlineData("2-00:00:01.500", 172801.5)]  // TotalCPU with days
    public void Durations_are_read_in_seconds(string text, double seconds) =>
        Assert.Equal(seconds, SlurmValues.DurationSeconds(text)!.Value, 6);

    [Theory]
    [InlineData("")]
    [InlineData("INVALID")]
    [InlineData("UNLIMITED")]
    public void A_duration_Slurm_does_not_give_is_null(string text) => Assert.Null(SlurmValues.DurationSeconds(text));

    [Theory]
    [InlineData("219820K", 219820L * 1024)]
    [InlineData("1.5M", 1572864L)]
    [InlineData("2G", 2L * 1024 * 1024 * 1024)]
    [InlineData("4096", 4096L)]
    public void Sizes_are_read_in_bytes(string text, long bytes) => Assert.Equal(bytes, SlurmValues.SizeBytes(text));

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    public void Energy_of_zero_or_nothing_means_not_measured(string text) => Assert.Null(SlurmValues.EnergyJoules(text));

    [Fact]
    public void Measured_energy_is_kept_in_joules() => Assert.Equal(5321.0, SlurmValues.EnergyJoules("5321"));

    [Theory]
    [InlineData("17", 17L)]
    [InlineData("17;greenspace", 17L)]
    [InlineData("17;greenspace\n", 17L)]
    public void Parsable_sbatch_output_gives_the_job_id(string output, long id) => Assert.Equal(id, SlurmValues.SubmittedJobId(output));

    [Theory]
    [InlineData("CANCELLED by 0", SlurmJobState.Cancelled)]
    [InlineData("CANCELLED+", SlurmJobState.Cancelled)]
    [InlineData("NODE_FAIL", SlurmJobState.NodeFail)]
    [InlineData("OUT_OF_MEMORY", SlurmJobState.OutOfMemory)]
    [InlineData("COMPLETING", SlurmJobState.Completing)]
    [InlineData("REQUEUE_HOLD", SlurmJobState.Other)]
    public void States_are_normalised(string text, SlurmJobState state) => Assert.Equal(state, SlurmJobStates.Parse(text));

    [Fact]
    public void A_pending_requeued_job_is_not_finished_and_a_node_failure_is() =>
        Assert.True(!SlurmJobState.Pending.IsFinished() && SlurmJobState.NodeFail.IsFinished());

    [Fact]
    public void An_array_task_step_line_from_sacct_is_read_field_by_field()
    {
        var r = SlurmAccountingRecord.Parse(Line("8_0.batch|10.batch|COMPLETED|0:0|00:00:01|00:00.992|1|1620K|0|localhost|2026-11-26T12:30:41|2026-11-26T12:30:42|1"), D)!;
        Assert.Equal(("8_0", 10L, "batch", 8L, 0L), (r.JobId, r.JobIdRaw, r.Step, r.ArrayJobId!.Value, r.ArrayTaskId!.Value));
        Assert.Equal((SlurmJobState.Completed, 0, 0), (r.State, r.ExitCode!.Value, r.ExitSignal!.Value));
        Assert.Equal(0.992, r.TotalCpuSeconds!.Value, 6);
        Assert.Equal(1620L * 1024, r.MaxRssBytes);
        Assert.Null(r.ConsumedEnergyJoules);
        Assert.Equal(TimeSpan.FromSeconds(1), r.End - r.Start);
    }

    [Fact]
    public void A_cancelled_job_line_and_its_step_with_an_empty_exit_code_are_read()
    {
        var job = SlurmAccountingRecord.Parse(Line("9|9|CANCELLED by 0|0:0|00:00:01|00:00.002|1|||localhost|2026-11-26T12:30:42|2026-11-26T12:30:43|1"), D)!;
        var step = SlurmAccountingRecord.Parse(Line("12.batch|12.batch|CANCELLED||00:00:00|00:00:00|0||0|localhost|2026-11-26T12:31:50|Unknown|1"), D)!;
        Assert.Equal((SlurmJobState.Cancelled, "CANCELLED by 0", (string?)null, (long?)null), (job.State, job.StateText, job.Step, job.ArrayTaskId));
        Assert.Null(job.MaxRssBytes);
        Assert.Equal((12L, "batch", (int?)null, (DateTimeOffset?)null), (step.JobIdRaw, step.Step, step.ExitCode, step.End));
    }

    [Fact]
    public void Squeue_lines_for_a_pending_array_block_a_task_and_a_plain_job_are_read()
    {
        var block = SlurmQueueEntry.Parse(Line("8_[0-1]|8|8|0-1|arr|PENDING|None|"), D)!;
        var task = SlurmQueueEntry.Parse(Line("8_0|10|8|0|arr|COMPLETED|None|localhost"), D)!;
        var plain = SlurmQueueEntry.Parse(Line("9|9|9|N/A|sleeper|RUNNING|None|localhost"), D)!;
        Assert.Equal(((long?)null, "0-1", SlurmJobState.Pending), (block.ArrayTaskId, block.ArrayTasks, block.State));
        Assert.Equal((10L, 8L, 0L, "localhost"), (task.JobIdRaw, task.ArrayJobId!.Value, task.ArrayTaskId!.Value, task.NodeList));
        Assert.Equal(((long?)null, (long?)null, SlurmJobState.Running), (plain.ArrayJobId, plain.ArrayTaskId, plain.State));
    }

    [Fact]
    public void A_node_that_does_not_respond_is_read_without_its_asterisk()
    {
        var node = SlurmNode.Parse(Line("localhost|idle*|none|2|21695"), D)!;
        Assert.Equal(("idle", false, 2, 21695L), (node.State, node.Responding, node.Cpus, node.MemoryMegabytes));
    }

    [Fact]
    public void A_request_with_both_memory_limits_is_refused_in_one_sentence()
    {
        var request = new SlurmJobRequest("both", "/tmp/x.sh", "/tmp") { ScriptLines = ["true"], MemoryMegabytes = 100, MemoryPerCpuMegabytes = 100 };
        var e = Assert.Throws<ArgumentException>(() => request.SbatchArguments());
        Assert.Equal("Slurm job request 'both' sets both memory per CPU and memory per node; set one.", e.Message);
    }

    [Fact]
    public void An_array_request_asks_sbatch_for_indices_0_to_n_minus_1_and_rounds_the_time_up_to_minutes()
    {
        var args = new SlurmJobRequest("a", "/tmp/a.sh", "/tmp") { ScriptLines = ["true"], ArrayTasks = 3, TimeLimit = TimeSpan.FromSeconds(61) }.SbatchArguments();
        Assert.Contains("--array=0-2", args);
        Assert.Contains("--time=2", args);
        Assert.Equal("/tmp/a.sh", args[^1]);
    }
}
