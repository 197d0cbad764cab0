using System.Collections.Concurrent;
using Greenspace.Records;

namespace Greenspace.Engines;

/// <summary>
/// What every adapter of an external program shares: finding the executable on the search path,
/// reading and caching its version, and turning a process outcome into a failed result with its
/// reason and the tail of the program's output. The program-specific parts (writing the input,
/// the command line, parsing the output) stay in each adapter's own file.
/// </summary>
public abstract class ProcessEngine : IEngine
{
    // Lazy: GetOrAdd may run its factory more than once when called concurrently, and a probe starts a process.
    private readonly ConcurrentDictionary<string, Lazy<EngineProbe>> _probes = new();

    public abstract string Name { get; }

    /// <summary>The executable looked up on the search path.</summary>
    protected abstract string ExecutableName { get; }

    /// <summary>The command that installs the program on Debian 12.</summary>
    public abstract string InstallHint { get; }

    /// <summary>Reads the program's version by running it; null when the output holds none.</summary>
    protected abstract string? ReadVersion(string executablePath, EngineEnvironment environment);

    public EngineProbe Probe(EngineEnvironment environment) =>
        _probes.GetOrAdd(environment.SearchPath, _ => new Lazy<EngineProbe>(() => ProbeNow(environment))).Value;

    private EngineProbe ProbeNow(EngineEnvironment environment)
        {
            var path = environment.Locate(ExecutableName);
            if (path is null)
                return new EngineProbe(Name, false, null, null, InstallHint);
            string? version;
            try { version = environment.CachedVersion(path, () => ReadVersion(path, environment)); }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                return new EngineProbe(Name, false, path, null, InstallHint, $"{Name} at {path} could not be run to read its version ({e.Message}); reinstall it with: {InstallHint}");
            }
            return version is null
                ? new EngineProbe(Name, false, path, null, InstallHint, $"{Name} at {path} did not print a version this adapter understands; reinstall it with: {InstallHint}")
                : new EngineProbe(Name, true, path, version, InstallHint);
        }

    public abstract KeywordsOrError FillDefaults(CalculationRequest request, EngineProbe probe);

    public async Task<CalculationResult> RunAsync(CalculationRequest request, EngineProbe probe, EngineRunOptions options, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        if (!probe.Found || probe.ExecutablePath is null)
            return CalculationResult.Failure(probe.MissingMessage, MakeProvenance(probe, started, started), ComputeCost.None);
        try
        {
            return await RunFoundAsync(request, probe, options, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // An adapter should turn every program failure into a result itself; this is the safety net
            // that keeps one bad calculation from ending a batch.
            return CalculationResult.Failure($"{Name} failed unexpectedly: {e.Message}", MakeProvenance(probe, started, DateTimeOffset.UtcNow), ComputeCost.None);
        }
    }

    /// <summary>The program-specific run, called only when the program was found.</summary>
    protected abstract Task<CalculationResult> RunFoundAsync(CalculationRequest request, EngineProbe probe, EngineRunOptions options, CancellationToken cancellationToken);

    protected Provenance MakeProvenance(EngineProbe probe, DateTimeOffset started, DateTimeOffset ended) =>
        new(Name, probe.Version ?? "unknown", Environment.MachineName, started, ended);

    protected Provenance MakeProvenance(EngineProbe probe, ProcessOutcome outcome) =>
        MakeProvenance(probe, outcome.StartedAt, outcome.EndedAt);

    /// <summary>A failed result from a process outcome: the reason, and the tail of what the program wrote.</summary>
    protected CalculationResult Failure(string reason, EngineProbe probe, ProcessOutcome outcome, string? programOutput = null) =>
        CalculationResult.Failure(reason, MakeProvenance(probe, outcome), outcome.Cost,
            Tail(string.Join('\n', new[] { programOutput, outcome.StandardOutput, outcome.StandardError }.Where(s => !string.IsNullOrWhiteSpace(s)))));

    /// <summary>The failure a process that did not end normally deserves, or null when it exited 0.</summary>
    protected CalculationResult? FailureIfAbnormal(ProcessOutcome outcome, EngineProbe probe, TimeSpan limit, string? programOutput = null) =>
        outcome.ExitedNormally ? null : Failure(outcome.Describe(Name, limit), probe, outcome, programOutput);

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="text"/>.</summary>
    public static string Tail(string? text, int lines = 25)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var all = text.TrimEnd().Split('\n');
        return string.Join('\n', all.Length <= lines ? all : all[^lines..]);
    }

    /// <summary>Reads a file the program wrote, or null when it did not write it.</summary>
    protected static string? ReadIfExists(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>The environment every program gets: the engine search path and a thread count for OpenMP and BLAS.</summary>
    protected static Dictionary<string, string?> ThreadEnvironment(EngineRunOptions options) => new()
    {
        ["PATH"] = options.Environment.SearchPath,
        ["OMP_NUM_THREADS"] = options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["OPENBLAS_NUM_THREADS"] = "1",
        ["MKL_NUM_THREADS"] = "1",
        ["OMP_STACKSIZE"] = "500M",
    };

    /// <summary>Runs <c>program args</c> briefly (for a version string) and returns stdout and stderr together.</summary>
    protected static string RunForText(string executable, EngineEnvironment environment, params string[] args)
    {
        var dir = Directory.CreateTempSubdirectory("greenspace-probe-");
        try
        {
            var outcome = ProcessRunner.RunAsync(new ProcessSpec(executable, args, dir.FullName, TimeSpan.FromSeconds(60))
            {
                Environment = new Dictionary<string, string?> { ["PATH"] = environment.SearchPath },
            }).GetAwaiter().GetResult();
            return outcome.StandardOutput + "\n" + outcome.StandardError;
        }
        finally
        {
            try { dir.Delete(true); } catch (IOException) { }
        }
    }
}
