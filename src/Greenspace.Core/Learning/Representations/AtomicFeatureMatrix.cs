namespace Greenspace.Learning.Representations;

/// <summary>
/// Per-atom vectors of a set of molecules: all atoms of all molecules as one contiguous row-major matrix (row =
/// atom, molecules one after the other in input order), the element of every row, and where each molecule starts.
/// An atom-sum kernel compares the rows of two molecules that share an element.
/// </summary>
public sealed class AtomicFeatureMatrix
{
    public AtomicFeatureMatrix(int featureCount, double[] values, int[] atomicNumbers, int[] moleculeStarts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(featureCount);
        if (moleculeStarts.Length == 0 || moleculeStarts[0] != 0 || moleculeStarts[^1] != atomicNumbers.Length)
            throw new ArgumentException("molecule starts must begin at 0 and end at the atom count", nameof(moleculeStarts));
        if (values.Length != (long)atomicNumbers.Length * featureCount)
            throw new ArgumentException($"{atomicNumbers.Length} atoms x {featureCount} features need {(long)atomicNumbers.Length * featureCount} values, not {values.Length}", nameof(values));
        FeatureCount = featureCount;
        Values = values;
        AtomicNumbers = atomicNumbers;
        MoleculeStarts = moleculeStarts;
    }

    public int FeatureCount { get; }

    /// <summary>All atoms' vectors, row after row.</summary>
    public double[] Values { get; }

    /// <summary>The element of each row.</summary>
    public int[] AtomicNumbers { get; }

    /// <summary>Row where molecule m starts; molecule m owns rows MoleculeStarts[m] to MoleculeStarts[m + 1] - 1 (length MoleculeCount + 1).</summary>
    public int[] MoleculeStarts { get; }

    public int MoleculeCount => MoleculeStarts.Length - 1;
    public int AtomCount => AtomicNumbers.Length;

    public int AtomCountOf(int molecule) => MoleculeStarts[molecule + 1] - MoleculeStarts[molecule];

    /// <summary>The elements of one molecule's atoms.</summary>
    public ReadOnlySpan<int> ElementsOf(int molecule) => AtomicNumbers.AsSpan(MoleculeStarts[molecule], AtomCountOf(molecule));

    /// <summary>One molecule's rows (atoms x FeatureCount, row-major).</summary>
    public ReadOnlySpan<double> RowsOf(int molecule) =>
        Values.AsSpan(MoleculeStarts[molecule] * FeatureCount, AtomCountOf(molecule) * FeatureCount);

    /// <summary>The vector of one atom, by its row over the whole set.</summary>
    public ReadOnlySpan<double> Row(int atomRow) => Values.AsSpan(atomRow * FeatureCount, FeatureCount);
}
