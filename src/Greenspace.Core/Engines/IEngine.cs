using System.Collections.Immutable;
using Greenspace.Records;

namespace Greenspace.Engines;

/// <summary>
/// One external program behind one small interface (after QCEngine's harnesses): is it found, which
/// version, what its defaults are, and run a request. <see cref="RunAsync"/> never throws for a
/// calculation that went wrong: a crash, a non-zero exit, a time-out, garbage output or a missing
/// program all come back as a failed <see cref="CalculationResult"/> with the reason.
/// </summary>
public interface IEngine
{
    /// <summary>The program's name as it appears in requests and the store ("xtb", "psi4").</summary>
    string Name { get; }

    /// <summary>Finds the program and reads its version; cheap after the first call for the same search path.</summary>
    EngineProbe Probe(EngineEnvironment environment);

    /// <summary>
    /// Checks the request can run here and returns its keywords with every default this program and
    /// version would apply filled in, so that the store's identity captures everything that changes
    /// the numbers. Returns an error sentence instead when the request is not something this engine does.
    /// </summary>
    KeywordsOrError FillDefaults(CalculationRequest request, EngineProbe probe);

    /// <summary>
    /// Runs <paramref name="request"/> (whose keywords are already filled) in a scratch directory of its own.
    /// Per-atom results are in the request's atom order.
    /// </summary>
    Task<CalculationResult> RunAsync(CalculationRequest request, EngineProbe probe, EngineRunOptions options, CancellationToken cancellationToken);
}

/// <summary>Either the filled keywords or one sentence saying why the engine cannot take the request.</summary>
public readonly record struct KeywordsOrError(ImmutableSortedDictionary<string, string>? Keywords, string? Error)
{
    public static KeywordsOrError Ok(IEnumerable<KeyValuePair<string, string>> keywords) =>
        new(keywords.ToImmutableSortedDictionary(StringComparer.Ordinal), null);

    public static KeywordsOrError Fail(string error) => new(null, error);
}
