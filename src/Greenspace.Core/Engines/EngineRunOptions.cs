namespace Greenspace.Engines;

/// <summary>How one calculation runs: its scratch root, time limit, threads and memory.</summary>
public sealed record EngineRunOptions
{
    /// <summary>Each calculation makes its own directory under this root, removed afterwards unless <see cref="KeepScratch"/>.</summary>
    public string ScratchRoot { get; init; } = Path.Combine(Path.GetTempPath(), "greenspace-scratch");

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Threads the program may use (OMP_NUM_THREADS, psi4 -n).</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Memory the program may use, where it takes a limit (psi4, nwchem).</summary>
    public int MemoryMiB { get; init; } = 1000;

    public bool KeepScratch { get; init; }

    public EngineEnvironment Environment { get; init; } = EngineEnvironment.Current;
}
