using System.Diagnostics;
using System.Globalization;
using System.Text;
using Greenspace.Records;

namespace Greenspace.Engines;

/// <summary>How to start one external program: argv (never a shell), its working directory, environment and time limit.</summary>
public sealed record ProcessSpec(
    string Executable,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    TimeSpan TimeLimit)
{
    /// <summary>Variables set (or, with a null value, removed) on top of this process's environment.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public string? StandardInput { get; init; }

    /// <summary>
    /// Stop the program when it has written no line to stdout or stderr for this long (a hang that
    /// would otherwise wait out the whole time limit); null to rely on the time limit alone.
    /// </summary>
    public TimeSpan? IdleLimit { get; init; }

    /// <summary>Let the program write to this process's own stdout and stderr instead of capturing them (for <c>greenspace track</c>).</summary>
    public bool PassThroughOutput { get; init; }
}

/// <summary>How a program ended, what it printed and what it cost.</summary>
public sealed record ProcessOutcome(
    int ExitCode,
    int? Signal,
    bool TimedOut,
    bool Cancelled,
    string StandardOutput,
    string StandardError,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    ComputeCost Cost)
{
    /// <summary>The program was stopped because it wrote nothing for longer than its idle limit.</summary>
    public bool Stalled { get; init; }

    public bool ExitedNormally => !TimedOut && !Cancelled && !Stalled && Signal is null && ExitCode == 0;

    /// <summary>One sentence on how the program ended, for a failed result.</summary>
    public string Describe(string program, TimeSpan limit) =>
        Stalled ? $"{program} wrote nothing for too long (it seemed to hang) and was stopped"
        : TimedOut ? $"{program} did not finish within its time limit of {limit.TotalSeconds:0.#} s and was stopped"
        : Cancelled ? $"{program} was cancelled"
        : Signal is { } s ? $"{program} crashed (killed by signal {s}{SignalName(s)})"
        : ExitCode != 0 ? $"{program} exited with code {ExitCode}"
        : $"{program} finished normally";

    private static string SignalName(int s) => s switch
    {
        6 => ", SIGABRT",
        9 => ", SIGKILL",
        11 => ", SIGSEGV",
        15 => ", SIGTERM",
        _ => "",
    };
}

/// <summary>
/// Runs a program as a process with argv, a time limit and cancellation, and measures it. The cost
/// comes from GNU time (<c>/usr/bin/time</c>) wrapped around the program: its rusage covers the
/// program and every descendant it waited for, which .NET's own Process API cannot give once the
/// child has been reaped. Without GNU time the program's own CPU time is sampled while it runs, and
/// the meter says so. On a time-out or cancellation the program's process tree is killed, but not the
/// wrapper, so that the cost of the killed run is still measured.
/// </summary>
public static class ProcessRunner
{
    private const string TimeWrapper = "/usr/bin/time";
    private const string RusageFile = ".greenspace-rusage";
    private const string StartLockFile = ".greenspace-start.lock";

    /// <summary>The meter's name when CPU time comes from the run's own cgroup.</summary>
    public const string CgroupMeter = "cgroup v2 cpu.stat of the process tree (CPU, to 1 us); GNU time (peak memory of its largest process)";
    private static readonly bool HaveTimeWrapper = File.Exists(TimeWrapper);
    private static readonly Ledger.Powercap Counters = new();
    private static readonly bool HaveCounters = Counters.Available;

    public static async Task<ProcessOutcome> RunAsync(ProcessSpec spec, CancellationToken cancellationToken = default)
    {
        var rusagePath = Path.Combine(spec.WorkingDirectory, RusageFile);
        var psi = new ProcessStartInfo
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = !spec.PassThroughOutput,
            RedirectStandardError = !spec.PassThroughOutput,
            RedirectStandardInput = spec.StandardInput is not null,
            UseShellExecute = false,
        };
        if (!spec.PassThroughOutput)
        {
            psi.StandardOutputEncoding = Encoding.UTF8;
            psi.StandardErrorEncoding = Encoding.UTF8;
        }
        // argv, outermost first: [flock LOCK] [GNU time ...] PROGRAM ARGS (see CgroupScope for why flock).
        var argv = new List<string>();
        using var cgroup = CgroupScope.TryCreate();
        var lockPath = Path.Combine(spec.WorkingDirectory, StartLockFile);
        FileStream? startGate = null;
        if (cgroup is not null)
        {
            startGate = new FileStream(lockPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            argv.AddRange([CgroupScope.FlockPath, lockPath]);
        }
        if (HaveTimeWrapper)
            argv.AddRange([TimeWrapper, "-f", "%e %U %S %M", "-o", rusagePath, "--"]);
        argv.Add(spec.Executable);
        argv.AddRange(spec.Arguments);
        psi.FileName = argv[0];
        foreach (var a in argv.Skip(1))
            psi.ArgumentList.Add(a);
        foreach (var (key, value) in spec.Environment)
        {
            if (value is null)
                psi.Environment.Remove(key);
            else
                psi.Environment[key] = value;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        long lastLineTicks = Environment.TickCount64;
        using var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (stdout) { stdout.AppendLine(e.Data); Interlocked.Exchange(ref lastLineTicks, Environment.TickCount64); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) { stderr.AppendLine(e.Data); Interlocked.Exchange(ref lastLineTicks, Environment.TickCount64); } };

        bool cgroupUsed = cgroup is not null;
        var countersBefore = HaveCounters ? Counters.Read() : null;
        double busyBefore = HaveCounters ? Ledger.MachineCpuTime.BusySeconds() : 0;
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        finally
        {
            // flock is waiting for this lock: move it into the cgroup first, then let it run the program.
            bool adopted = startGate is not null && cgroup!.TryAdopt(process.Id);
            startGate?.Dispose();
            if (!adopted)
                cgroupUsed = false;
        }
        if (!spec.PassThroughOutput)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        if (spec.StandardInput is not null)
        {
            await process.StandardInput.WriteAsync(spec.StandardInput);
            process.StandardInput.Close();
        }

        double sampledCpu = 0;
        bool timedOut = false, cancelled = false, stalled = false;
        using (var limit = new CancellationTokenSource(spec.TimeLimit))
        using (var idle = new CancellationTokenSource())
        using (var either = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, idle.Token, cancellationToken))
        {
            using var watchdog = spec.IdleLimit is { } idleLimit
                ? new Timer(_ =>
                {
                    if (Environment.TickCount64 - Interlocked.Read(ref lastLineTicks) > idleLimit.TotalMilliseconds)
                        idle.Cancel();
                }, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))
                : null;
            try
            {
                if (HaveTimeWrapper)
                    await process.WaitForExitAsync(either.Token);
                else
                    sampledCpu = await WaitSamplingCpuAsync(process, either.Token);
            }
            catch (OperationCanceledException)
            {
                cancelled = cancellationToken.IsCancellationRequested;
                stalled = !cancelled && idle.IsCancellationRequested && !limit.IsCancellationRequested;
                timedOut = !cancelled && !stalled;
                KillProgram(process);
                await process.WaitForExitAsync(CancellationToken.None);
                cgroup?.KillAll();
            }
        }
        process.WaitForExit(); // drains the redirected streams
        clock.Stop();
        var ended = DateTimeOffset.UtcNow;

        int exitCode = process.ExitCode;
        int? signal = null;
        ComputeCost cost;
        if (HaveTimeWrapper && TryReadRusage(rusagePath, out var wall, out var user, out var sys, out var maxRssKb, out var sig, out var childExit))
        {
            signal = sig;
            if (childExit is { } ce)
                exitCode = ce;
            else if (sig is null)
                exitCode = process.ExitCode;
            cost = cgroupUsed
                ? new ComputeCost(clock.Elapsed.TotalSeconds, cgroup!.CpuSeconds(), maxRssKb * 1024, CgroupMeter)
                : new ComputeCost(clock.Elapsed.TotalSeconds, user + sys, maxRssKb * 1024, "rusage of the process tree (GNU time; CPU to 10 ms)");
            _ = wall;
        }
        else
        {
            if (exitCode > 128 && (timedOut || cancelled || exitCode - 128 is 6 or 9 or 11 or 15))
                signal = exitCode - 128;
            cost = new ComputeCost(clock.Elapsed.TotalSeconds, sampledCpu, 0, "sampled CPU time of the program's own process (children not counted)");
        }
        try { File.Delete(rusagePath); } catch (IOException) { }
        try { File.Delete(lockPath); } catch (IOException) { }
        if (countersBefore is not null)
        {
            double packageJoules = Ledger.Powercap.EnergyJoules(countersBefore, Counters.Read());
            double busy = Ledger.MachineCpuTime.BusySeconds() - busyBefore;
            cost = cost with { PackageEnergyJoules = Ledger.MachineCpuTime.AttributedJoules(packageJoules, cost.CpuSeconds, busy) };
        }

        return new ProcessOutcome(exitCode, signal, timedOut, cancelled, stdout.ToString(), stderr.ToString(), started, ended, cost) { Stalled = stalled };
    }

    private static async Task<double> WaitSamplingCpuAsync(Process process, CancellationToken token)
    {
        double cpu = 0;
        while (!process.HasExited)
        {
            try { cpu = process.TotalProcessorTime.TotalSeconds; } catch (InvalidOperationException) { }
            try { await process.WaitForExitAsync(token).WaitAsync(TimeSpan.FromMilliseconds(50), token); }
            catch (TimeoutException) { }
        }
        return cpu;
    }

    // GNU time writes "Command exited with non-zero status N" or "Command terminated by signal N"
    // before the formatted line when the program did not exit 0.
    private static bool TryReadRusage(string path, out double wall, out double user, out double sys, out long maxRssKb, out int? signal, out int? exitCode)
    {
        wall = user = sys = 0;
        maxRssKb = 0;
        signal = null;
        exitCode = null;
        if (!File.Exists(path))
            return false;
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();
        if (lines.Length == 0)
            return false;
        foreach (var line in lines[..^1])
        {
            if (line.StartsWith("Command terminated by signal ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(29), out var s))
                signal = s;
            else if (line.StartsWith("Command exited with non-zero status ", StringComparison.Ordinal) && int.TryParse(line.AsSpan(36), out var e))
                exitCode = e;
        }
        var f = lines[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var inv = CultureInfo.InvariantCulture;
        return f.Length == 4
            && double.TryParse(f[0], NumberStyles.Float, inv, out wall)
            && double.TryParse(f[1], NumberStyles.Float, inv, out user)
            && double.TryParse(f[2], NumberStyles.Float, inv, out sys)
            && long.TryParse(f[3], NumberStyles.Integer, inv, out maxRssKb);
    }

    /// <summary>Kills the program and all its descendants; the GNU time wrapper is left to report and exit.</summary>
    private static void KillProgram(Process process)
    {
        try
        {
            if (!HaveTimeWrapper)
            {
                process.Kill(entireProcessTree: true);
                return;
            }
            foreach (var pid in Descendants(process.Id))
            {
                try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
            }
            if (!process.WaitForExit(5000))
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Every process below <paramref name="root"/>, read from /proc, deepest last.</summary>
    internal static List<int> Descendants(int root)
    {
        var parentOf = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The command name is in parentheses and may contain spaces; fields resume after the last ')'.
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parentOf[pid] = int.Parse(rest[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        var result = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            int p = frontier.Dequeue();
            foreach (var (child, parent) in parentOf)
                if (parent == p)
                {
                    result.Add(child);
                    frontier.Enqueue(child);
                }
        }
        return result;
    }
}
