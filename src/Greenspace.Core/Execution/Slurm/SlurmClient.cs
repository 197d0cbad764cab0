using System.Globalization;
using Greenspace.Engines;

namespace Greenspace.Execution.Slurm;

/// <summary>
/// A thin client over Slurm's commands (sbatch, squeue, sacct, scancel, scontrol, sinfo), each run as a process
/// with argv and a time limit, SLURM_CONF set when given. Output is read with fields split by a control
/// character no job name or node list contains. A missing command, a non-zero exit or a time-out is a
/// <see cref="SlurmException"/>.
/// </summary>
public sealed class SlurmClient
{
    /// <summary>ASCII unit separator: the field delimiter asked of squeue, sacct and sinfo.</summary>
    private const char Delimiter = '\u001f';

    private readonly string? _slurmConf;
    private readonly EngineEnvironment _environment;
    private readonly TimeSpan _commandTimeLimit;

    /// <param name="slurmConf">Path of slurm.conf for every command; null for the commands' own default (SLURM_CONF of this process, else /etc/slurm/slurm.conf).</param>
    /// <param name="environment">Where the commands are looked up (PATH); this process's PATH by default.</param>
    /// <param name="commandTimeLimit">How long one command may take; 60 s by default (a busy controller answers slowly).</param>
    public SlurmClient(string? slurmConf = null, EngineEnvironment? environment = null, TimeSpan? commandTimeLimit = null)
    {
        _slurmConf = slurmConf;
        _environment = environment ?? EngineEnvironment.Current;
        _commandTimeLimit = commandTimeLimit ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>Submits the job (writing its script first when the request carries the lines) and returns its job id.</summary>
    public async Task<long> SubmitAsync(SlurmJobRequest request, CancellationToken cancellationToken = default)
    {
        var args = request.SbatchArguments();
        if (request.ScriptLines is { } lines)
        {
            await File.WriteAllTextAsync(request.ScriptPath, string.Join('\n', lines) + "\n", cancellationToken);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(request.ScriptPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var output = await RunAsync("sbatch", args, cancellationToken);
        return SlurmValues.SubmittedJobId(output)
            ?? throw new SlurmException($"sbatch printed no job id (it printed '{FirstLine(output)}'); is this Slurm's sbatch?");
    }

    /// <summary>
    /// What squeue knows of these jobs (an array job's id gives all its tasks), finished ones included while
    /// the controller still remembers them (MinJobAge, 300 s by default); none for ids it has forgotten.
    /// </summary>
    public async Task<IReadOnlyList<SlurmQueueEntry>> QueueAsync(IEnumerable<long> jobIds, CancellationToken cancellationToken = default)
    {
        var ids = JobList(jobIds);
        if (ids.Length == 0)
            return [];
        var args = new[] { "--noheader", "--states=all", $"--jobs={ids}", $"--format={string.Join(Delimiter, SlurmQueueEntry.FormatFields)}" };
        string output;
        try
        {
            output = await RunAsync("squeue", args, cancellationToken);
        }
        catch (SlurmException e) when (e.Message.Contains("Invalid job id specified", StringComparison.Ordinal))
        {
            // squeue exits 1 when it knows none of the ids (all finished long ago, or never existed).
            return [];
        }
        return ParseLines(output, line => SlurmQueueEntry.Parse(line, Delimiter));
    }

    /// <summary>sacct's records of these jobs: each job or array task, and each of its steps.</summary>
    public async Task<IReadOnlyList<SlurmAccountingRecord>> AccountingAsync(IEnumerable<long> jobIds, CancellationToken cancellationToken = default)
    {
        var ids = JobList(jobIds);
        if (ids.Length == 0)
            return [];
        var args = new[]
        {
            "--parsable2", "--noheader", $"--delimiter={Delimiter}", $"--jobs={ids}",
            $"--format={string.Join(',', SlurmAccountingRecord.FormatFields)}",
        };
        var output = await RunAsync("sacct", args, cancellationToken);
        return ParseLines(output, line => SlurmAccountingRecord.Parse(line, Delimiter));
    }

    /// <summary>Cancels the job (an array job's id cancels all its tasks).</summary>
    public Task CancelAsync(long jobId, CancellationToken cancellationToken = default) =>
        RunAsync("scancel", [jobId.ToString(CultureInfo.InvariantCulture)], cancellationToken);

    /// <summary>Sets a node DOWN, DRAIN or RESUME with <c>scontrol update</c>; Slurm wants a reason for DOWN and DRAIN.</summary>
    public Task SetNodeStateAsync(string node, SlurmNodeStateChange state, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(node))
            throw new ArgumentException("A Slurm node state change needs a node name; give the name sinfo shows.");
        if (state != SlurmNodeStateChange.Resume && string.IsNullOrWhiteSpace(reason))
            throw new ArgumentException($"Setting Slurm node {node} {state.ToString().ToUpperInvariant()} needs a reason; give one.");
        var args = new List<string> { "update", $"NodeName={node}", $"State={state.ToString().ToUpperInvariant()}" };
        if (state != SlurmNodeStateChange.Resume)
            args.Add($"Reason={reason}");
        return RunAsync("scontrol", args, cancellationToken);
    }

    /// <summary>Every node with its state, reason, CPUs and memory, one entry per node and partition.</summary>
    public async Task<IReadOnlyList<SlurmNode>> NodesAsync(CancellationToken cancellationToken = default)
    {
        var output = await RunAsync("sinfo", ["--noheader", "--Node", $"--format={string.Join(Delimiter, SlurmNode.FormatFields)}"], cancellationToken);
        return ParseLines(output, line => SlurmNode.Parse(line, Delimiter));
    }

    private static string JobList(IEnumerable<long> jobIds) =>
        string.Join(',', jobIds.Distinct().Select(id => id.ToString(CultureInfo.InvariantCulture)));

    private static List<T> ParseLines<T>(string output, Func<string, T?> parse) where T : class =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => parse(line.TrimEnd('\r')))
            .OfType<T>()
            .ToList();

    /// <summary>Runs one Slurm command in a scratch directory of its own and returns its stdout.</summary>
    private async Task<string> RunAsync(string command, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var executable = _environment.Locate(command)
            ?? throw new SlurmException($"{command} was not found on PATH ({_environment.SearchPath}); is Slurm installed (Debian: slurm-client) and on PATH?");
        var environment = new Dictionary<string, string?> { ["PATH"] = _environment.SearchPath };
        if (_slurmConf is not null)
            environment["SLURM_CONF"] = _slurmConf;
        // ProcessRunner keeps its own files in the working directory, so concurrent commands need one each.
        var scratch = Directory.CreateTempSubdirectory("greenspace-slurm-");
        try
        {
            var spec = new ProcessSpec(executable, args, scratch.FullName, _commandTimeLimit) { Environment = environment };
            var outcome = await ProcessRunner.RunAsync(spec, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (outcome.TimedOut)
                throw new SlurmException($"{command} did not answer within {_commandTimeLimit.TotalSeconds:0.#} s; is slurmctld running and SLURM_CONF ({SlurmConfText}) pointing at it?");
            if (!outcome.ExitedNormally)
                throw new SlurmException($"{command} {Ended(outcome)} ({FirstLine(outcome.StandardError)}); is Slurm installed and running, and SLURM_CONF ({SlurmConfText}) set?");
            return outcome.StandardOutput;
        }
        finally
        {
            try { scratch.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private string SlurmConfText => _slurmConf ?? Environment.GetEnvironmentVariable("SLURM_CONF") ?? "unset";

    private static string Ended(ProcessOutcome outcome) =>
        outcome.Signal is { } signal ? $"was killed by signal {signal}" : $"exited with code {outcome.ExitCode}";

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no message";
}
