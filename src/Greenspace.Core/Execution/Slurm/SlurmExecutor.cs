using System.Globalization;
using System.Reflection;
using Greenspace.Engines;
using Greenspace.Execution.Spool;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Execution.Slurm;

/// <summary>
/// Runs calculations on a Slurm cluster. Calculations handed over at about the same time are cut into batches of
/// <see cref="SlurmSettings.JobSize"/>; each batch is one job (measured here: an array task costs as much scheduling
/// as a job, and one job per batch keeps a batch's calculations on one node) running <c>greenspace worker</c>, which
/// writes each result into the shared spool as soon as it finishes. This process, the only writer to the store, picks
/// results up from the spool and follows its jobs through squeue; a job that ends (cancelled, failed, timed out, its
/// node lost) with calculations unfinished is submitted again for those only, up to <see cref="SlurmSettings.MaxAttempts"/>;
/// finished ones are never run again. Each job's end is recorded in the store with Slurm's accounting where it keeps one.
/// </summary>
public sealed class SlurmExecutor : ICalculationExecutor, IAsyncDisposable
{
    private const string Scheduler = "slurm";

    private readonly SlurmSettings _settings;
    private readonly SlurmClient _client;
    private readonly SpoolDirectory _spool;
    private readonly ResultStore? _store;
    private readonly Lock _gate = new();
    private readonly List<Waiting> _unsent = [];
    private readonly Dictionary<long, Job> _jobs = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _batches;
    private int _disposed;

    /// <param name="store">Where each job's end and accounting are recorded; null to record none.</param>
    public SlurmExecutor(SlurmSettings settings, ResultStore? store = null)
    {
        _settings = settings;
        _client = new SlurmClient(settings.SlurmConf);
        _spool = new SpoolDirectory(settings.Spool);
        _store = store;
    }

    public SpoolDirectory Spool => _spool;

    /// <summary>Jobs submitted by this executor, for people and tests.</summary>
    public IReadOnlyList<long> SubmittedJobs { get { lock (_gate) return [.. _jobs.Keys]; } }

    /// <summary>What stopped the executor following its jobs (a Slurm command that failed), or null.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Raised when a job is submitted (its id and how many calculations it runs).</summary>
    public event Action<long, int>? JobSubmitted;

    public TimeSpan ClaimLife(EngineRunOptions options) => _settings.MaxPending + JobTimeLimit(options, _settings.JobSize) * _settings.MaxAttempts;

    public Task<CalculationResult> RunAsync(IEngine engine, EngineProbe probe, StoredRequest stored, EngineRunOptions options, CancellationToken cancellationToken)
    {
        // A result already in the spool (a worker finished it after an earlier head stopped) is taken as it is.
        if (_spool.TryReadResult(stored.Hash) is { } done)
            return Task.FromResult(done);
        var waiting = new Waiting(new SpoolCalculation(stored.Hash, stored.ProgramVersion, stored.CanonicalRequest), options,
            new TaskCompletionSource<CalculationResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        var registration = cancellationToken.Register(() => waiting.Completion.TrySetCanceled(cancellationToken));
        waiting.Completion.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        lock (_gate)
        {
            _unsent.Add(waiting);
            _loop ??= Task.Run(() => LoopAsync(_stop.Token));
        }
        return waiting.Completion.Task;
    }

    /// <summary>The store holds the result now: its spool file is no longer needed.</summary>
    public void Saved(string hash) => _spool.RemoveResult(hash);

    /// <summary>
    /// Waits (up to <see cref="SlurmSettings.DrainTime"/>) for jobs whose calculations have all come back to end, so
    /// that their accounting is recorded, then stops following the queue. A job still running calculations nobody waits
    /// for any more is left to finish: its results stay in the spool for the next run.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (_loop is { IsCompleted: false } && clock.Elapsed < _settings.DrainTime)
        {
            lock (_gate)
                if (_jobs.Values.All(j => j.Calculations.Any(w => !j.Finished.Contains(w.Calculation.Hash))))
                    break;
            await Task.Delay(_settings.PollInterval);
        }
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
    }

    /// <summary>A calculation handed to the executor: what to run, who waits for it, and how often it has been submitted.</summary>
    private sealed class Waiting(SpoolCalculation calculation, EngineRunOptions options, TaskCompletionSource<CalculationResult> completion)
    {
        public SpoolCalculation Calculation { get; } = calculation;
        public EngineRunOptions Options { get; } = options;
        public TaskCompletionSource<CalculationResult> Completion { get; } = completion;

        /// <summary>When it joined the queue of unsent calculations; the batch window counts from here.</summary>
        public DateTimeOffset Queued { get; set; } = DateTimeOffset.UtcNow;

        public int Attempt { get; set; } = 1;
    }

    private sealed class Job(long id, string batch, List<Waiting> calculations, DateTimeOffset submitted)
    {
        public long Id { get; } = id;
        public string Batch { get; } = batch;
        public List<Waiting> Calculations { get; } = calculations;
        public DateTimeOffset Submitted { get; } = submitted;
        public SlurmQueueEntry? Last { get; set; }
        public HashSet<string> Finished { get; } = [];
        public double WorkerCpuSeconds { get; set; }
    }

    private async Task LoopAsync(CancellationToken ct)
    {
        var lastQueueLook = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await SubmitReadyAsync(ct);
                CollectResults();
                if (DateTimeOffset.UtcNow - lastQueueLook >= 4 * _settings.PollInterval)
                {
                    lastQueueLook = DateTimeOffset.UtcNow;
                    await FollowJobsAsync(ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A Slurm command that fails (not installed, controller down, a partition it refuses) ends every
                // calculation still waiting with the one clear sentence; nothing finished is lost.
                Failure = e;
                FailAll(e);
            }
            await Task.Delay(_settings.PollInterval, ct);
        }
    }

    /// <summary>Submits the waiting calculations as batches: full ones at once, a partial one when its oldest has waited the batch window.</summary>
    private async Task SubmitReadyAsync(CancellationToken ct)
    {
        while (true)
        {
            List<Waiting> batch;
            lock (_gate)
            {
                _unsent.RemoveAll(w => w.Completion.Task.IsCompleted);
                if (_unsent.Count == 0)
                    return;
                var first = _unsent[0];
                var alike = _unsent.Where(w => SameRun(w.Options, first.Options)).Take(_settings.JobSize).ToList();
                if (alike.Count < _settings.JobSize && DateTimeOffset.UtcNow - first.Queued < _settings.BatchWindow)
                    return;
                batch = alike;
                _unsent.RemoveAll(batch.Contains);
            }
            try
            {
                await SubmitAsync(batch, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Slurm refused the job (a partition it does not have, sbatch missing): its calculations end with that sentence.
                foreach (var w in batch)
                    w.Completion.TrySetException(e);
            }
        }
    }

    private static bool SameRun(EngineRunOptions a, EngineRunOptions b) => a.Threads == b.Threads && a.TimeLimit == b.TimeLimit && a.MemoryMiB == b.MemoryMiB;

    private async Task SubmitAsync(List<Waiting> calculations, CancellationToken ct)
    {
        var options = calculations[0].Options;
        string batch = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss}-{Environment.ProcessId}-{Interlocked.Increment(ref _batches)}";
        _spool.WriteManifest(new SpoolManifest(batch, [.. calculations.Select(w => w.Calculation)], options.Threads, options.TimeLimit, options.MemoryMiB));
        var folder = _spool.BatchFolder(batch);
        var worker = WorkerCommand().Concat(["worker", "--spool", _spool.Root, "--batch", batch, "--parallel", AtOnce(options).ToString(CultureInfo.InvariantCulture)]);
        var request = new SlurmJobRequest($"greenspace-{batch}", Path.Combine(folder, "job.sh"), folder)
        {
            // The job's script is the worker's argv, each word quoted for the shell that sbatch starts.
            ScriptLines = ["#!/bin/sh", "exec " + string.Join(' ', worker.Select(Quote))],
            Partition = _settings.Partition,
            Account = _settings.Account,
            TimeLimit = _settings.JobTimeLimit ?? JobTimeLimit(options, calculations.Count),
            CpusPerTask = Math.Max(_settings.CpusPerJob, options.Threads),
            MemoryPerCpuMegabytes = _settings.MemoryPerCpuMegabytes,
            OutputPath = Path.Combine(folder, "slurm-%j.out"),
            // Greenspace resubmits what a lost node left unfinished itself: a job Slurm requeued would wait about two minutes first.
            Requeue = false,
        };
        long id = await _client.SubmitAsync(request, ct);
        lock (_gate)
            _jobs[id] = new Job(id, batch, calculations, DateTimeOffset.UtcNow);
        _store?.RecordJobSubmitted(Scheduler, id.ToString(CultureInfo.InvariantCulture), batch, calculations.Max(w => w.Attempt), calculations.Count);
        JobSubmitted?.Invoke(id, calculations.Count);
    }

    /// <summary>Calculations a job runs at once: its CPUs over each calculation's threads.</summary>
    private int AtOnce(EngineRunOptions options) => Math.Max(1, _settings.CpusPerJob / Math.Max(1, options.Threads));

    /// <summary>A job's wall-time limit: its calculations' limits end to end, as many at once as it runs, plus five minutes.</summary>
    private TimeSpan JobTimeLimit(EngineRunOptions options, int calculations) =>
        options.TimeLimit * Math.Ceiling(calculations / (double)AtOnce(options)) + TimeSpan.FromMinutes(5);

    /// <summary>Hands every result the workers have written to whoever waits for it.</summary>
    private void CollectResults()
    {
        List<(Job Job, Waiting Waiting)> open;
        lock (_gate)
            open = [.. _jobs.Values.SelectMany(j => j.Calculations.Where(w => !j.Finished.Contains(w.Calculation.Hash)).Select(w => (j, w)))];
        foreach (var (job, waiting) in open)
        {
            if (_spool.TryReadResult(waiting.Calculation.Hash) is not { } result)
                continue;
            lock (_gate)
            {
                job.Finished.Add(waiting.Calculation.Hash);
                if (result.Provenance.Job == SlurmJobTag.Of(job.Id))
                    job.WorkerCpuSeconds += result.Cost.CpuSeconds;
            }
            waiting.Completion.TrySetResult(result);
        }
    }

    /// <summary>Looks at the queue: ends jobs that have ended (resubmitting what they left unfinished) and gives up on jobs pending too long.</summary>
    private async Task FollowJobsAsync(CancellationToken ct)
    {
        List<Job> jobs;
        lock (_gate)
            jobs = [.. _jobs.Values];
        if (jobs.Count == 0)
            return;
        var queue = (await _client.QueueAsync(jobs.Select(j => j.Id), ct)).ToDictionary(e => e.JobIdRaw);
        foreach (var job in jobs)
        {
            queue.TryGetValue(job.Id, out var entry);
            job.Last = entry ?? job.Last;
            if (entry is { State: SlurmJobState.Pending } && DateTimeOffset.UtcNow - job.Submitted > _settings.MaxPending)
            {
                await _client.CancelAsync(job.Id, ct);
                var limit = _settings.MaxPending.TotalMinutes >= 1 ? $"{_settings.MaxPending.TotalMinutes:0.#} min" : $"{_settings.MaxPending.TotalSeconds:0.#} s";
                var reason = $"Slurm job {job.Id} was still pending after {limit} (Slurm's reason: {entry.Reason}); "
                    + "it was cancelled: check the partition, account and resources asked for, or raise the pending limit";
                await EndAsync(job, "CANCELLED (pending too long)", entry.Reason, ct);
                foreach (var w in job.Calculations.Where(w => !job.Finished.Contains(w.Calculation.Hash)))
                    w.Completion.TrySetException(new SlurmException(reason));
                continue;
            }
            // Gone from the queue (forgotten after MinJobAge) or in a final state: the job has ended.
            if (entry is null || entry.State.IsFinished())
            {
                CollectResults();
                await EndAsync(job, entry?.StateText ?? "ENDED", entry?.Reason, ct);
                var unfinished = job.Calculations.Where(w => !job.Finished.Contains(w.Calculation.Hash) && !w.Completion.Task.IsCompleted).ToList();
                foreach (var w in unfinished)
                {
                    if (w.Attempt >= _settings.MaxAttempts)
                    {
                        w.Completion.TrySetResult(Lost(w, job, entry));
                        continue;
                    }
                    // Resubmitted at once, ahead of calculations that have not been out yet.
                    w.Attempt++;
                    w.Queued = DateTimeOffset.MinValue;
                    lock (_gate)
                        _unsent.Insert(0, w);
                }
            }
        }
    }

    /// <summary>Forgets an ended job, recording its end and Slurm's accounting of it (TotalCPU, energy) where Slurm keeps one.</summary>
    private async Task EndAsync(Job job, string state, string? reason, CancellationToken ct)
    {
        double? totalCpu = null, energy = null;
        try
        {
            var records = await _client.AccountingAsync([job.Id], ct);
            var line = records.FirstOrDefault(r => r.Step is null && r.JobIdRaw == job.Id);
            var steps = records.Where(r => r.Step is not null).ToList();
            totalCpu = line?.TotalCpuSeconds is > 0 ? line.TotalCpuSeconds : steps.Count > 0 ? steps.Sum(r => r.TotalCpuSeconds ?? 0) : null;
            energy = line?.ConsumedEnergyJoules ?? (steps.Any(r => r.ConsumedEnergyJoules is not null) ? steps.Sum(r => r.ConsumedEnergyJoules ?? 0) : null);
        }
        catch (SlurmException)
        {
            // No accounting (sacct without slurmdbd): the job's own CPU time stays unknown, the calculations' is still measured.
        }
        _store?.RecordJobEnded(Scheduler, job.Id.ToString(CultureInfo.InvariantCulture), state, reason, job.Last?.NodeList,
            job.Finished.Count, job.WorkerCpuSeconds, totalCpu, energy);
        bool allFinished;
        lock (_gate)
        {
            _jobs.Remove(job.Id);
            allFinished = job.Calculations.All(w => job.Finished.Contains(w.Calculation.Hash));
        }
        // A job that finished everything leaves nothing to read; one that did not keeps its folder, whose Slurm output
        // the failed calculations' reason points to.
        if (allFinished)
            _spool.RemoveBatch(job.Batch);
    }

    private CalculationResult Lost(Waiting w, Job job, SlurmQueueEntry? entry)
    {
        var now = DateTimeOffset.UtcNow;
        var reason = $"Slurm job {job.Id} ended {entry?.StateText ?? "without a result"}{(entry is { Reason: { Length: > 0 } r } && r != "None" ? $" ({r})" : "")} "
            + $"before this calculation finished, as did every one of its {_settings.MaxAttempts} submissions; see {Path.Combine(_spool.BatchFolder(job.Batch), $"slurm-{job.Id}.out")}";
        return CalculationResult.Failure(reason, new Provenance(w.Calculation.Request.Program, w.Calculation.ProgramVersion, entry?.NodeList ?? "", now, now)
        {
            Job = SlurmJobTag.Of(job.Id),
        }, ComputeCost.None);
    }

    private void FailAll(Exception e)
    {
        List<Waiting> waiting;
        lock (_gate)
        {
            waiting = [.. _unsent, .. _jobs.Values.SelectMany(j => j.Calculations)];
            _unsent.Clear();
            _jobs.Clear();
        }
        foreach (var w in waiting)
            w.Completion.TrySetException(e);
    }

    /// <summary>The argv that starts greenspace on a node: the settings', else this program's own.</summary>
    private IReadOnlyList<string> WorkerCommand()
    {
        if (_settings.WorkerCommand is { Count: > 0 } given)
            return given;
        var process = Environment.ProcessPath ?? "greenspace";
        if (Path.GetFileNameWithoutExtension(process) == "dotnet" && Assembly.GetEntryAssembly()?.Location is { Length: > 0 } entry)
            return [process, entry];
        return [process];
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
