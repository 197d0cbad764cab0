using Greenspace.Engines;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Execution;

/// <summary>
/// Where a claimed calculation runs: on this machine (<see cref="LocalExecutor"/>) or on a cluster's nodes
/// (the Slurm executor). The caller (<see cref="ComputeService"/>) claimed the request before and stores
/// the result after: an executor never writes the store.
/// </summary>
public interface ICalculationExecutor
{
    /// <summary>Runs the stored (canonical, filled) request and returns its result; a failure is a failed result, never an exception.</summary>
    Task<CalculationResult> RunAsync(IEngine engine, EngineProbe probe, StoredRequest stored, EngineRunOptions options, CancellationToken cancellationToken);

    /// <summary>How long a claim must live while this executor may hold the calculation (queue waits included).</summary>
    TimeSpan ClaimLife(EngineRunOptions options);

    /// <summary>The store now holds the result of <paramref name="hash"/>: whatever the executor kept for it may go.</summary>
    void Saved(string hash);
}

/// <summary>Runs each calculation as a process on this machine.</summary>
public sealed class LocalExecutor : ICalculationExecutor
{
    public static LocalExecutor Instance { get; } = new();

    public Task<CalculationResult> RunAsync(IEngine engine, EngineProbe probe, StoredRequest stored, EngineRunOptions options, CancellationToken cancellationToken) =>
        engine.RunAsync(stored.CanonicalRequest, probe, options, cancellationToken);

    public TimeSpan ClaimLife(EngineRunOptions options) => options.TimeLimit + TimeSpan.FromMinutes(1);

    public void Saved(string hash)
    {
    }
}
