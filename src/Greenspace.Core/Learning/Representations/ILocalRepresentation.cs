using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// A representation of each atom's environment as one vector of fixed length (FCHL19), for kernels that sum over
/// atoms of the same element. Implementations are immutable and safe to call from many threads.
/// </summary>
public interface ILocalRepresentation
{
    /// <summary>Short name for tables and model cards.</summary>
    string Name { get; }

    /// <summary>Length of each atom's vector.</summary>
    int FeatureCount { get; }

    /// <summary>Why this representation cannot take the molecule (an element it has no channel for), or null.</summary>
    string? Problem(Molecule molecule);

    /// <summary>Writes one row per atom, in the molecule's atom order, row-major into <paramref name="destination"/> (AtomCount x FeatureCount values).</summary>
    /// <exception cref="RepresentationInputException">when <see cref="Problem"/> is not null.</exception>
    void Write(Molecule molecule, Span<double> destination);
}
