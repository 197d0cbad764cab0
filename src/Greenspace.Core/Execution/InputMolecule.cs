using Greenspace.Chemistry;

namespace Greenspace.Execution;

/// <summary>
/// One record of the user's input, resolved to a molecule or to the sentence saying why it is not one.
/// For SMILES input it also carries the canonical SMILES and InChIKey, and a note on what was done
/// to it (e.g. a counter-ion dropped).
/// </summary>
public sealed record InputMolecule(int Index, string Location, Molecule? Molecule, string? Error)
{
    public string? Note { get; init; }
    public string? Smiles { get; init; }
    public string? CanonicalSmiles { get; init; }
    public string? InChIKey { get; init; }

    /// <summary>Whether the 3D structure was made now (false: taken from the store, or not from SMILES at all).</summary>
    public bool Embedded { get; init; }

    public string Label => Molecule?.Name is { Length: > 0 } n ? n : Smiles ?? Location;
}
