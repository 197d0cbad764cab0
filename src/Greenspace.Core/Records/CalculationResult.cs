namespace Greenspace.Records;

public enum CalculationStatus
{
    Success,
    Failed,
}

/// <summary>Who computed a result, with which program and version, where and when.</summary>
public sealed record Provenance(
    string Program,
    string ProgramVersion,
    string Host,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string Creator = "greenspace")
{
    /// <summary>Full version of Greenspace that ran the program.</summary>
    public string CreatorVersion { get; init; } = typeof(Provenance).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>The scheduler's job that ran it on <see cref="Host"/> (a cluster node), e.g. "slurm 1234"; null when the head process ran it.</summary>
    public string? Job { get; init; }
}

/// <summary>
/// What a calculation cost, as measured. <see cref="CpuSeconds"/> is user plus system time of the
/// program's whole process tree; <see cref="Meter"/> says how it was measured.
/// </summary>
public sealed record ComputeCost(double WallSeconds, double CpuSeconds, long PeakMemoryBytes, string Meter)
{
    public static ComputeCost None { get; } = new(0, 0, 0, "none");

    /// <summary>
    /// The CPU package energy (RAPL) attributed to this calculation, in joules: the packages' energy
    /// over the run x this run's share of the machine's busy CPU time. Null where no counter could be
    /// read (this machine), never a zero that stands for "unknown".
    /// </summary>
    public double? PackageEnergyJoules { get; init; }
}

/// <summary>
/// The outcome of one calculation, as QCSchema's <c>AtomicResult</c>: success with properties, or
/// failure with its reason and the tail of the program's output. Failures are data, never exceptions.
/// </summary>
public sealed record CalculationResult
{
    public required CalculationStatus Status { get; init; }
    public ResultProperties? Properties { get; init; }
    public string? Error { get; init; }

    /// <summary>The end of what the program wrote, kept for a failure (and a success's warnings).</summary>
    public string? OutputTail { get; init; }

    public required Provenance Provenance { get; init; }
    public required ComputeCost Cost { get; init; }

    public bool Succeeded => Status == CalculationStatus.Success;

    public static CalculationResult Success(ResultProperties properties, Provenance provenance, ComputeCost cost, string? outputTail = null) =>
        new() { Status = CalculationStatus.Success, Properties = properties, Provenance = provenance, Cost = cost, OutputTail = outputTail };

    public static CalculationResult Failure(string error, Provenance provenance, ComputeCost cost, string? outputTail = null) =>
        new() { Status = CalculationStatus.Failed, Error = error, Provenance = provenance, Cost = cost, OutputTail = outputTail };
}
