using System.Collections.Immutable;

namespace Greenspace.Chemistry;

/// <summary>
/// One record read from an input: a valid molecule, or the sentence saying why it is not one.
/// Readers never stop at a bad record; they yield it with its <see cref="Error"/> and go on.
/// </summary>
/// <param name="Index">Zero-based position of the record in its input.</param>
/// <param name="Location">Where it came from, for people: "water.xyz frame 3 (line 12)".</param>
/// <param name="Molecule">The molecule, or null when the record is bad.</param>
/// <param name="Error">One sentence naming what is wrong and what to do, or null.</param>
public sealed record MoleculeRecord(int Index, string Location, Molecule? Molecule, string? Error)
{
    /// <summary>Key-value data carried with the record (extxyz comment keys, SDF data fields), as written.</summary>
    public ImmutableSortedDictionary<string, string> Info { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Per-atom columns beyond species and positions (extxyz Properties), one row per atom.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<double[]>> AtomColumns { get; init; } = ImmutableSortedDictionary<string, ImmutableArray<double[]>>.Empty;

    public bool IsValid => Molecule is not null;

    public static MoleculeRecord Bad(int index, string location, string error) => new(index, location, null, error);
}

/// <summary>The molecule file formats Greenspace reads.</summary>
public enum MoleculeFormat
{
    Xyz,
    ExtendedXyz,
    Sdf,
    Smiles,
}
