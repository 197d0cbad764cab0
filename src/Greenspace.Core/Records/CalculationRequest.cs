using System.Collections.Immutable;
using Greenspace.Chemistry;

namespace Greenspace.Records;

/// <summary>
/// One calculation to run, in the spirit of QCSchema's <c>AtomicInput</c>: a molecule, the program,
/// method, basis (null where the method has none, e.g. GFN2-xTB), driver and keywords.
/// Program, method and basis are kept lower case; keywords are the caller's, before the program's
/// defaults are filled in (see <see cref="RequestIdentity"/>).
/// </summary>
public sealed record CalculationRequest
{
    public CalculationRequest(Molecule molecule, string program, string method, string? basis, Driver driver,
        IEnumerable<KeyValuePair<string, string>>? keywords = null)
    {
        Molecule = molecule;
        Program = program.Trim().ToLowerInvariant();
        Method = method.Trim().ToLowerInvariant();
        Basis = string.IsNullOrWhiteSpace(basis) ? null : basis.Trim().ToLowerInvariant();
        Driver = driver;
        Keywords = (keywords ?? []).ToImmutableSortedDictionary(
            kv => kv.Key.Trim().ToLowerInvariant(), kv => kv.Value.Trim(), StringComparer.Ordinal);
    }

    public Molecule Molecule { get; init; }
    public string Program { get; }
    public string Method { get; }
    public string? Basis { get; }
    public Driver Driver { get; }
    public ImmutableSortedDictionary<string, string> Keywords { get; init; }

    /// <summary>A short label for people: "xtb gfn2 energy", "psi4 b3lyp/6-31g* optimization".</summary>
    public string Label => $"{Program} {Method}{(Basis is null ? "" : "/" + Basis)} {Driver.ToWire()}";

    public string? Keyword(string key) => Keywords.TryGetValue(key, out var v) ? v : null;
}
