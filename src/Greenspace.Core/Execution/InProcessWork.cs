using System.Diagnostics;
using Greenspace.Records;

namespace Greenspace.Execution;

/// <summary>
/// Measures work the greenspace process does itself (training, prediction): the change in the process's own CPU
/// time (all its threads, from /proc/self/stat) and the wall time between <see cref="Start"/> and <see cref="Stop"/>.
/// Child processes are not in it; they are measured where they run.
/// </summary>
public sealed class InProcessWork
{
    private readonly Stopwatch _clock;
    private readonly double _cpuAtStart;

    private InProcessWork(double cpuAtStart)
    {
        _cpuAtStart = cpuAtStart;
        _clock = Stopwatch.StartNew();
    }

    public static InProcessWork Start() => new(OwnCpuSeconds());

    /// <summary>The cost since <see cref="Start"/>: CPU and wall seconds, and the process's peak resident memory so far.</summary>
    public ComputeCost Stop(string what)
    {
        double cpu = OwnCpuSeconds() - _cpuAtStart;
        using var self = Process.GetCurrentProcess();
        return new ComputeCost(_clock.Elapsed.TotalSeconds, Math.Max(0, cpu), self.PeakWorkingSet64, $"this process's own CPU time (/proc/self/stat) over the {what}");
    }

    private static double OwnCpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }
}
