using System.Globalization;

namespace Greenspace.Store;

/// <summary>A job a scheduler ran for this store's calculations, with what its accounting said.</summary>
public sealed record SchedulerJob(
    string Scheduler,
    string JobId,
    string Batch,
    int Attempt,
    int Calculations,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? EndedAt,
    string? State,
    string? Reason,
    string? Nodes,
    int? Finished,
    double? WorkerCpuSeconds,
    double? TotalCpuSeconds,
    double? ConsumedEnergyJoules)
{
    /// <summary>The scheduler's CPU time beyond the calculations' own (the worker's start, the job's shell, Slurm's steps); null without accounting.</summary>
    public double? OverheadCpuSeconds => TotalCpuSeconds is { } total && WorkerCpuSeconds is { } worker ? total - worker : null;
}

public sealed partial class ResultStore
{
    public void RecordJobSubmitted(string scheduler, string jobId, string batch, int attempt, int calculations)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                INSERT INTO scheduler_jobs(scheduler, job_id, batch, attempt, calculations, submitted_at)
                VALUES ($s, $j, $b, $a, $n, $at)
                """);
            cmd.Parameters.AddWithValue("$s", scheduler);
            cmd.Parameters.AddWithValue("$j", jobId);
            cmd.Parameters.AddWithValue("$b", batch);
            cmd.Parameters.AddWithValue("$a", attempt);
            cmd.Parameters.AddWithValue("$n", calculations);
            cmd.Parameters.AddWithValue("$at", Now());
            cmd.ExecuteNonQuery();
        }
    }

    public void RecordJobEnded(string scheduler, string jobId, string state, string? reason, string? nodes, int finished,
        double workerCpuSeconds, double? totalCpuSeconds, double? consumedEnergyJoules)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                UPDATE scheduler_jobs SET ended_at = $at, state = $state, reason = $reason, nodes = $nodes, finished = $f,
                    worker_cpu_seconds = $w, total_cpu_seconds = $t, consumed_energy_joules = $e
                WHERE scheduler = $s AND job_id = $j
                """);
            cmd.Parameters.AddWithValue("$s", scheduler);
            cmd.Parameters.AddWithValue("$j", jobId);
            cmd.Parameters.AddWithValue("$at", Now());
            cmd.Parameters.AddWithValue("$state", state);
            cmd.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$nodes", (object?)nodes ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$f", finished);
            cmd.Parameters.AddWithValue("$w", workerCpuSeconds);
            cmd.Parameters.AddWithValue("$t", (object?)totalCpuSeconds ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$e", (object?)consumedEnergyJoules ?? DBNull.Value);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Every scheduler job the store knows, oldest first.</summary>
    public IReadOnlyList<SchedulerJob> SchedulerJobs()
    {
        lock (_gate)
        {
            using var cmd = Command("""
                SELECT scheduler, job_id, batch, attempt, calculations, submitted_at, ended_at, state, reason, nodes, finished,
                       worker_cpu_seconds, total_cpu_seconds, consumed_energy_joules
                FROM scheduler_jobs ORDER BY id
                """);
            using var r = cmd.ExecuteReader();
            var jobs = new List<SchedulerJob>();
            while (r.Read())
            {
                string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
                double? D(int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
                jobs.Add(new SchedulerJob(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetInt32(4),
                    DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture),
                    S(6) is { } ended ? DateTimeOffset.Parse(ended, CultureInfo.InvariantCulture) : null,
                    S(7), S(8), S(9), r.IsDBNull(10) ? null : r.GetInt32(10), D(11), D(12), D(13)));
            }
            return jobs;
        }
    }
}
