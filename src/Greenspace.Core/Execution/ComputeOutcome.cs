using Greenspace.Records;

namespace Greenspace.Execution;

/// <summary>Where the answer to a request came from.</summary>
public enum OutcomeSource
{
    /// <summary>An engine ran it now.</summary>
    Computed,

    /// <summary>The store had a successful result; no engine ran.</summary>
    Store,

    /// <summary>The store had a failed result and retrying was not asked for; no engine ran.</summary>
    StoredFailure,

    /// <summary>The request could not be run at all (unknown program, missing program, a request the engine does not take).</summary>
    Rejected,
}

/// <summary>The outcome of one request of a batch: the result in the caller's atom order, and where it came from.</summary>
public sealed record ComputeOutcome(int Index, CalculationRequest Request, OutcomeSource Source, string? RequestHash, CalculationResult? Result, string? Error)
{
    public bool Succeeded => Result is { Succeeded: true };

    /// <summary>The sentence for a person when this outcome is not a success.</summary>
    public string? Problem => Succeeded ? null : Error ?? Result?.Error ?? "unknown failure";
}
