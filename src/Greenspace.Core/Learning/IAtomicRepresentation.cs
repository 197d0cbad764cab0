using Greenspace.Chemistry;

namespace Greenspace.Learning;

/// <summary>
/// A representation that describes each atom by a vector of its environment (ACSF, SOAP, FCHL19); an
/// atom-sum kernel compares two molecules atom by atom, each atom only with atoms of its own element.
/// Implementations must be safe to call from several threads at once.
/// </summary>
public interface IAtomicRepresentation
{
    /// <summary>Short name with the settings that change the vectors, e.g. "ACSF (cut-off 6 angstrom)".</summary>
    string Name { get; }

    /// <summary>Length of every atom's vector.</summary>
    int Length { get; }

    /// <summary>One vector per atom of <paramref name="molecule"/>, in its atom order.</summary>
    AtomEnvironments Compute(Molecule molecule);
}
