using System.Collections.Immutable;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning;

/// <summary>
/// One molecule seen by a local representation: the element of each atom and the vector of its
/// environment, one row of <see cref="Features"/> per atom in the molecule's atom order.
/// </summary>
public sealed record AtomEnvironments
{
    public AtomEnvironments(ImmutableArray<int> atomicNumbers, Matrix features)
    {
        if (atomicNumbers.Length != features.Rows)
            throw new LearningInputException($"{atomicNumbers.Length} atoms were given {features.Rows} feature rows; give each atom exactly one row");
        if (atomicNumbers.Length == 0)
            throw new LearningInputException("a molecule without atoms has no atomic environments; leave it out");
        AtomicNumbers = atomicNumbers;
        Features = features;
    }

    public ImmutableArray<int> AtomicNumbers { get; }
    public Matrix Features { get; }
}
