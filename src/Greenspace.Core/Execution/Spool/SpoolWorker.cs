using Greenspace.Engines;
using Greenspace.Records;

namespace Greenspace.Execution.Spool;

/// <summary>
/// Runs one spool batch on a compute node (<c>greenspace worker</c> inside a Slurm job): each calculation of its
/// manifest that has no result yet runs here with the node's own engine, whose version must give the same identity,
/// and its result is written to the spool as soon as it finishes, naming the node and the job. A calculation finished
/// by an earlier attempt of the batch is not run again.
/// </summary>
public sealed class SpoolWorker(SpoolDirectory spool, EngineRegistry engines, EngineRunOptions options)
{
    /// <summary>The scheduler's job this worker runs in ("slurm 1234"), from Slurm's environment; null outside a job.</summary>
    public static string? CurrentJob => Environment.GetEnvironmentVariable("SLURM_JOB_ID") is { Length: > 0 } id ? Slurm.SlurmJobTag.Of(id) : null;

    /// <summary>The node's name as the scheduler knows it, else this machine's.</summary>
    public static string CurrentNode => Environment.GetEnvironmentVariable("SLURMD_NODENAME") is { Length: > 0 } node ? node : Environment.MachineName;

    /// <summary>Runs what is left of <paramref name="batch"/>, <paramref name="parallel"/> calculations at a time; returns how many ran.</summary>
    public async Task<int> RunAsync(string batch, int parallel, CancellationToken cancellationToken = default)
    {
        var manifest = spool.ReadManifest(batch);
        var run = options with { Threads = manifest.Threads, TimeLimit = manifest.TimeLimit, MemoryMiB = manifest.MemoryMiB };
        string node = CurrentNode;
        string? job = CurrentJob;
        int ran = 0;
        foreach (var program in manifest.Calculations.Select(c => c.Request.Program).Distinct())
            engines.Find(program)?.Probe(run.Environment);
        await Parallel.ForEachAsync(manifest.Calculations, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken },
            async (calculation, ct) =>
            {
                if (spool.HasResult(calculation.Hash))
                    return;
                var result = await RunOneAsync(calculation, run, node, ct);
                spool.WriteResult(calculation.Hash, result with { Provenance = result.Provenance with { Host = node, Job = job } });
                Interlocked.Increment(ref ran);
            });
        return ran;
    }

    private async Task<CalculationResult> RunOneAsync(SpoolCalculation calculation, EngineRunOptions run, string node, CancellationToken ct)
    {
        var request = calculation.Request;
        var engine = engines.Find(request.Program);
        if (engine is null)
            return Refused(request.Program, calculation.ProgramVersion, $"the worker on {node} has no engine called '{request.Program}'; run the same Greenspace on the nodes as on the head");
        var probe = engine.Probe(run.Environment);
        if (!probe.Found)
            return Refused(request.Program, calculation.ProgramVersion, $"on node {node}: {probe.MissingMessage}");
        if (RequestIdentity.MajorMinor(probe.Version!) != RequestIdentity.MajorMinor(calculation.ProgramVersion))
            return Refused(request.Program, probe.Version!,
                $"node {node} has {request.Program} {probe.Version}, but the request was made for {calculation.ProgramVersion}; install the same version on every node");
        return await engine.RunAsync(request, probe, run, ct);
    }

    private static CalculationResult Refused(string program, string version, string reason)
    {
        var now = DateTimeOffset.UtcNow;
        return CalculationResult.Failure(reason, new Provenance(program, version, CurrentNode, now, now), ComputeCost.None);
    }
}
