using System.Collections.Concurrent;
using Greenspace.Engines;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Execution;

/// <summary>Settings for a batch of calculations on this machine.</summary>
public sealed record ComputeOptions
{
    /// <summary>Calculations run at once; one per core by default (one thread each beats two threads per job for small molecules).</summary>
    public int Jobs { get; init; } = Environment.ProcessorCount;

    public EngineRunOptions Engine { get; init; } = new();

    /// <summary>Run again requests whose stored result is a failure; by default a known failure is reported, not recomputed.</summary>
    public bool RetryFailed { get; init; }

    /// <summary>How often to look at the store while another process runs a request this batch also needs.</summary>
    public TimeSpan ClaimPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Where each calculation's energy and carbon are charged, and store answers counted; none for a run that keeps no ledger.</summary>
    public RunLedger? Ledger { get; init; }

    /// <summary>Where the calculations the store cannot answer run: this machine by default, or a cluster.</summary>
    public ICalculationExecutor Executor { get; init; } = LocalExecutor.Instance;

    /// <summary>Answer from the store only and run nothing: a request the store cannot answer comes back rejected, "not in the store".</summary>
    public bool StoreOnly { get; init; }
}

/// <summary>
/// Get-or-compute for a batch of requests on this machine: each request's defaults are filled in, its
/// identity computed, and the store asked first; only what the store cannot answer runs, at most
/// <see cref="ComputeOptions.Jobs"/> at a time, each after claiming it so that another process sharing
/// the store never runs it too. Engines run on the molecule in canonical atom order, results are
/// stored in that order and handed back in the caller's.
/// </summary>
public sealed class ComputeService(EngineRegistry engines, ResultStore store, ComputeOptions options)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<(OutcomeSource, CalculationResult)>>> _inFlight = new();

    /// <summary>Runs <paramref name="requests"/>; outcomes come back in input order, and <paramref name="onOutcome"/> hears each as it finishes.</summary>
    public async Task<IReadOnlyList<ComputeOutcome>> RunAsync(IReadOnlyList<CalculationRequest> requests, Action<ComputeOutcome>? onOutcome = null, CancellationToken cancellationToken = default)
    {
        // Probe each program once before fanning out: a probe starts a process and blocks its thread, and
        // hundreds of tasks waiting on the same probe at once starved the thread pool (52 s for xtb --version).
        foreach (var program in requests.Select(r => r.Program).Distinct())
            engines.Find(program)?.Probe(options.Engine.Environment);
        var outcomes = new ComputeOutcome[requests.Count];
        using var slots = new SemaphoreSlim(Math.Max(1, options.Jobs));
        var tasks = requests.Select(async (request, index) =>
        {
            var outcome = await RunOneAsync(index, request, slots, cancellationToken);
            outcomes[index] = outcome;
            onOutcome?.Invoke(outcome);
        }).ToList();
        await Task.WhenAll(tasks);
        return outcomes;
    }

    private async Task<ComputeOutcome> RunOneAsync(int index, CalculationRequest request, SemaphoreSlim slots, CancellationToken ct)
    {
        await Task.Yield();
        var engine = engines.Find(request.Program);
        if (engine is null)
            return new ComputeOutcome(index, request, OutcomeSource.Rejected, null, null,
                $"Greenspace has no engine called '{request.Program}'; known engines are {string.Join(", ", engines.All.Select(e => e.Name))}");
        var probe = engine.Probe(options.Engine.Environment);
        if (!probe.Found)
            return new ComputeOutcome(index, request, OutcomeSource.Rejected, null, null, probe.MissingMessage);
        var filled = engine.FillDefaults(request, probe);
        if (filled.Error is not null)
            return new ComputeOutcome(index, request, OutcomeSource.Rejected, null, null, filled.Error);

        var stored = StoredRequest.Of(request, probe.Version!, filled.Keywords!);
        if (options.StoreOnly)
        {
            if (Answer(stored) is not { } found)
                return new ComputeOutcome(index, request, OutcomeSource.Rejected, stored.Hash, null, NotInStore);
            return new ComputeOutcome(index, request, found.Item1, stored.Hash, InCallerOrder(found.Item2, stored), null);
        }
        // Identical requests within this batch share one run (and the second is then a store answer).
        var lazy = new Lazy<Task<(OutcomeSource, CalculationResult)>>(() => GetOrComputeAsync(engine, probe, stored, slots, ct));
        var shared = _inFlight.GetOrAdd(stored.Hash, lazy);
        (OutcomeSource source, CalculationResult result) answer;
        try
        {
            answer = await shared.Value;
        }
        finally
        {
            if (ReferenceEquals(shared, lazy))
                _inFlight.TryRemove(KeyValuePair.Create(stored.Hash, lazy));
        }
        var (source, result) = answer;
        if (!ReferenceEquals(shared, lazy) && source == OutcomeSource.Computed)
            source = OutcomeSource.Store;
        return new ComputeOutcome(index, request, source, stored.Hash, InCallerOrder(result, stored), null);
    }

    /// <summary>The error of a request a store-only service could not answer.</summary>
    public const string NotInStore = "not in the store";

    private static CalculationResult InCallerOrder(CalculationResult result, StoredRequest stored) =>
        result.Properties is null ? result : result with { Properties = result.Properties.Permute(stored.Identity.CallerOrder) };

    // A slot is taken before the claim, so that a process claims only what it is about to run and
    // several processes sharing a store divide the work between them.
    private async Task<(OutcomeSource, CalculationResult)> GetOrComputeAsync(IEngine engine, EngineProbe probe, StoredRequest stored, SemaphoreSlim slots, CancellationToken ct)
    {
        var claimLife = options.Executor.ClaimLife(options.Engine);
        while (true)
        {
            if (Answer(stored) is { } answer)
                return answer;
            await slots.WaitAsync(ct);
            bool claimed = false, heldByOther = false;
            try
            {
                if (Answer(stored) is { } late)
                    return late;
                var claim = store.TryClaim(stored.Hash, claimLife, options.RetryFailed);
                if (claim == ClaimOutcome.AlreadyDone)
                    continue;
                if (claim == ClaimOutcome.HeldByOther)
                {
                    heldByOther = true;
                    continue;
                }
                claimed = true;
                var result = await options.Executor.RunAsync(engine, probe, stored, options.Engine, ct);
                ct.ThrowIfCancellationRequested();
                long resultId = store.Save(stored, result);
                claimed = false;
                options.Executor.Saved(stored.Hash);
                options.Ledger?.ChargeCalculation(resultId, stored.CanonicalRequest, result.Cost, options.Engine.Threads);
                return (OutcomeSource.Computed, result);
            }
            finally
            {
                if (claimed)
                    store.ReleaseClaim(stored.Hash);
                slots.Release();
                if (heldByOther)
                    await Task.Delay(options.ClaimPollInterval, ct);
            }
        }
    }

    /// <summary>The store's answer: a success, or a known failure when retrying was not asked for; null when it must run.</summary>
    private (OutcomeSource, CalculationResult)? Answer(StoredRequest stored)
    {
        var known = store.FindLatest(stored.Hash);
        if (known is null || (!known.Result.Succeeded && options.RetryFailed))
            return null;
        if (known.Result.Succeeded)
        {
            store.RecordHit(known, options.Ledger?.RunId);
            return (OutcomeSource.Store, known.Result);
        }
        return (OutcomeSource.StoredFailure, known.Result);
    }
}
