using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// A representation of a whole molecule as one vector of fixed length, the same for every molecule it accepts
/// (Coulomb matrix, bag of bonds, SLATM, ECFP). Implementations are immutable and safe to call from many threads.
/// </summary>
public interface IGlobalRepresentation
{
    /// <summary>Short name for tables and model cards, with the settings that change the vector ("CM(23)").</summary>
    string Name { get; }

    /// <summary>Length of every vector.</summary>
    int Length { get; }

    /// <summary>Why this representation cannot take the molecule (too many atoms, an element it was not fitted on), or null.</summary>
    string? Problem(Molecule molecule);

    /// <summary>Writes the molecule's vector into <paramref name="destination"/> (exactly <see cref="Length"/> values).</summary>
    /// <exception cref="RepresentationInputException">when <see cref="Problem"/> is not null.</exception>
    void Write(Molecule molecule, Span<double> destination);
}
