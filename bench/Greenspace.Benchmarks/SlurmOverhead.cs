using System.Diagnostics;
using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Execution;
using Greenspace.Execution.Slurm;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Benchmarks;

/// <summary>
/// The overhead per calculation of running through Slurm (handed to the executor to stored), beside the same
/// calculations run here in the same command, for jobs of 1, 10 and 100 calculations: GFN2-xTB energies of QM7
/// molecules (about 0.02 s each), so that what is measured is the scheduling, the worker's start and the spool. The
/// cluster is the one in GREENSPACE_SLURM_DIR, else a private one started with tools/slurm/cluster.sh for the run.
/// </summary>
public static class SlurmOverhead
{
    public static async Task RunAsync(int count)
    {
        var root = Path.GetFullPath(StoreOverhead.DataPath(".."));
        var worker = Path.Combine(root, "src", "Greenspace.Cli", "bin", "Release", "net10.0", "greenspace.dll");
        if (!File.Exists(worker))
            throw new FileNotFoundException($"the benchmark runs the greenspace worker from {worker}; build the solution in Release first (./run.sh bench does)");
        var molecules = XyzFormat.Read(new StreamReader(StoreOverhead.DataPath("qm7", "qm7_pbe0_dftb.xyz")), "qm7")
            .Where(r => r.Molecule is not null).Select(r => r.Molecule!).Take(count).ToList();
        var requests = molecules.Select(m => new CalculationRequest(m, "xtb", "gfn2", null, Driver.Energy)).ToList();
        var work = Directory.CreateTempSubdirectory("greenspace-bench-slurm-").FullName;
        var engine = new EngineRunOptions { ScratchRoot = Path.Combine(work, "scratch"), TimeLimit = TimeSpan.FromMinutes(5) };

        string? ownCluster = null;
        var clusterDirectory = Environment.GetEnvironmentVariable("GREENSPACE_SLURM_DIR");
        if (string.IsNullOrEmpty(clusterDirectory))
        {
            ownCluster = clusterDirectory = Path.Combine(work, "cluster");
            Directory.CreateDirectory(ownCluster);
            Cluster(root, "start", ownCluster);
        }
        try
        {
            var slurmConf = File.ReadLines(Path.Combine(clusterDirectory, "env"))
                .Select(l => l.Trim()).First(l => l.StartsWith("export SLURM_CONF=", StringComparison.Ordinal))["export SLURM_CONF=".Length..].Trim('"', '\'');
            Console.WriteLine($"Slurm overhead: {count} GFN2-xTB energies (QM7), handed over at once; cluster {clusterDirectory} (one node, {Environment.ProcessorCount} CPUs; a job asks for one)");
            Console.WriteLine($"  load average at the start: {LearningCurves.LoadAverage()}");

            (double Wall, double MedianLatency) local;
            using (var here = ResultStore.Open(Path.Combine(work, "local.db")))
                local = await TimeAsync(requests, here, LocalExecutor.Instance, Environment.ProcessorCount, engine);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {"here (local, " + Environment.ProcessorCount + " at once)",-34} {local.Wall,8:F2} s  {1000 * local.Wall / count,8:F1} ms per calculation"));
            Console.WriteLine($"  {"through Slurm",-34} {"wall",10}  {"per calc",11}  {"overhead per calc",18}  {"x local",8}  {"median latency",15}  {"jobs",5}  {"TotalCPU - worker CPU per calc",30}");
            foreach (int size in new[] { 1, 10, 100 })
            {
                var store = Path.Combine(work, $"slurm-{size}.db");
                var settings = new SlurmSettings
                {
                    Spool = Path.Combine(work, $"spool-{size}"),
                    SlurmConf = slurmConf,
                    JobSize = size,
                    WorkerCommand = ["dotnet", worker],
                };
                using var opened = ResultStore.Open(store);
                await using var executor = new SlurmExecutor(settings, opened);
                var run = await TimeAsync(requests, opened, executor, count, engine);
                await executor.DisposeAsync(); // now: it waits for the jobs' ends, so that their accounting is recorded before it is read
                var jobs = opened.SchedulerJobs();
                double overheadCpu = jobs.Where(j => j.OverheadCpuSeconds is not null).Sum(j => j.OverheadCpuSeconds!.Value);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {"jobs of " + size,-34} {run.Wall,8:F2} s  {1000 * run.Wall / count,8:F1} ms  {1000 * (run.Wall - local.Wall) / count,15:F1} ms  {run.Wall / local.Wall,8:F1}  {run.MedianLatency,13:F2} s  {jobs.Count,5}  {1000 * overheadCpu / count,27:F1} ms"));
            }
            Console.WriteLine("  (overhead per calc: (wall through Slurm - wall here) / calculations; latency: from handing a calculation over to its result in the store)");
        }
        finally
        {
            if (ownCluster is not null)
                Cluster(root, "stop", ownCluster);
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Runs the requests through <paramref name="executor"/> into <paramref name="store"/>: the wall time and the median time to a result.</summary>
    private static async Task<(double Wall, double MedianLatency)> TimeAsync(
        List<CalculationRequest> requests, ResultStore store, ICalculationExecutor executor, int jobs, EngineRunOptions engine)
    {
        var clock = Stopwatch.StartNew();
        var latencies = new List<double>();
        var outcomes = await new ComputeService(EngineRegistry.Default, store, new ComputeOptions { Jobs = jobs, Engine = engine, Executor = executor })
            .RunAsync(requests, _ => { lock (latencies) latencies.Add(clock.Elapsed.TotalSeconds); });
        double wall = clock.Elapsed.TotalSeconds;
        if (outcomes.FirstOrDefault(o => !o.Succeeded) is { } failed)
            throw new InvalidOperationException($"{failed.Request.Label}: {failed.Problem}");
        latencies.Sort();
        return (wall, latencies[latencies.Count / 2]);
    }

    private static void Cluster(string root, string action, string directory)
    {
        var psi = new ProcessStartInfo(Path.Combine(root, "tools", "slurm", "cluster.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(action);
        psi.ArgumentList.Add(directory);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tools/slurm/cluster.sh {action} failed: {stderr.Result}");
    }
}
