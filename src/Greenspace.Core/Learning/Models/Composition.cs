using System.Collections.Immutable;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Models;

/// <summary>How many atoms of each element a molecule has: all that per-element energy offsets look at.</summary>
public sealed record Composition
{
    public Composition(IEnumerable<int> atomicNumbers)
    {
        var counts = ImmutableSortedDictionary.CreateBuilder<int, int>();
        foreach (int z in atomicNumbers)
        {
            if (z < 1 || z > Elements.MaxAtomicNumber)
                throw new LearningInputException($"{z} is no atomic number; give elements from 1 to {Elements.MaxAtomicNumber}");
            counts[z] = counts.GetValueOrDefault(z) + 1;
        }
        if (counts.Count == 0)
            throw new LearningInputException("a molecule without atoms has no composition; leave it out");
        Counts = counts.ToImmutable();
    }

    /// <summary>Atomic number to number of atoms, elements in ascending order.</summary>
    public ImmutableSortedDictionary<int, int> Counts { get; }

    public int Count(int atomicNumber) => Counts.GetValueOrDefault(atomicNumber);

    public static Composition Of(Molecule molecule) => new(molecule.AtomicNumbers);

    public static ImmutableArray<Composition> Of(IEnumerable<Molecule> molecules) => [.. molecules.Select(Of)];

    public bool Equals(Composition? other) => other is not null && Counts.SequenceEqual(other.Counts);

    public override int GetHashCode() => Counts.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value));

    public override string ToString() => Molecule.HillFormula(Counts.SelectMany(c => Enumerable.Repeat(c.Key, c.Value)));
}
