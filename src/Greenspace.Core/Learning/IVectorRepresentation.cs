using Greenspace.Chemistry;

namespace Greenspace.Learning;

/// <summary>
/// A representation that turns a whole molecule into one vector of fixed length (sorted Coulomb matrix,
/// bag of bonds, SLATM, a fingerprint); kernels compare two molecules through their two vectors.
/// Implementations must be safe to call from several threads at once.
/// </summary>
public interface IVectorRepresentation
{
    /// <summary>Short name with the settings that change the vector, e.g. "sorted Coulomb matrix (23 atoms)".</summary>
    string Name { get; }

    /// <summary>Length of every vector this representation writes.</summary>
    int Length { get; }

    /// <summary>Writes the vector of <paramref name="molecule"/> into <paramref name="destination"/> (exactly <see cref="Length"/> numbers).</summary>
    void Write(Molecule molecule, Span<double> destination);
}
