using System.Collections.Immutable;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Store;

/// <summary>
/// A request as the store keeps it: its identity, the molecule in canonical atom order, and the
/// keywords with every default filled in. This is what was (or will be) run.
/// </summary>
public sealed record StoredRequest(RequestIdentity Identity, CalculationRequest CanonicalRequest, string ProgramVersion)
{
    public string Hash => Identity.Hash;

    /// <summary>Builds the stored form of <paramref name="request"/>: atoms put in canonical order, keywords replaced by the filled set.</summary>
    public static StoredRequest Of(CalculationRequest request, string programVersion, IReadOnlyDictionary<string, string> filledKeywords)
    {
        var identity = RequestIdentity.Of(request, programVersion, filledKeywords);
        var canonical = new CalculationRequest(request.Molecule.Permute(identity.CanonicalOrder), request.Program, request.Method,
            request.Basis, request.Driver, filledKeywords);
        return new StoredRequest(identity, canonical, programVersion);
    }
}

/// <summary>One result read back from the store with its request; per-atom data in canonical order.</summary>
public sealed record StoredCalculation(
    long ResultId,
    string RequestHash,
    string MoleculeHash,
    Molecule Molecule,
    string Program,
    string Method,
    string? Basis,
    Driver Driver,
    ImmutableSortedDictionary<string, string> Keywords,
    CalculationResult Result);

/// <summary>The answer to a claim: run it, someone else is running it, or it is already done.</summary>
public enum ClaimOutcome
{
    Claimed,
    HeldByOther,
    AlreadyDone,
}

/// <summary>Counts for people: what the store holds and what it has saved.</summary>
public sealed record StoreSummary(
    long Molecules,
    long Requests,
    long Successes,
    long Failures,
    long Hits,
    double CpuSecondsComputed,
    double CpuSecondsAvoided);
