using Greenspace.Chemistry;
using Greenspace.Learning.Representations;

namespace Greenspace.Tests.Learning.Representations;

public class BagOfBondsTests
{
    private static readonly Lazy<BagOfBonds> Qm7Bags = new(() => BagOfBonds.Fit(Qm7.All));

    [Fact]
    public void Each_bag_holds_as_many_entries_as_the_molecule_has_atoms_or_pairs_of_its_kind()
    {
        var bob = Qm7Bags.Value;
        foreach (var molecule in Qm7.Sample)
        {
            var vector = bob.Featurise(molecule);
            var z = molecule.AtomicNumbers;
            foreach (var bag in bob.Bags)
            {
                // Count independently: atoms of the element, or unordered atom pairs of the two elements.
                int expected = bag.ElementB is not { } b
                    ? z.Count(x => x == bag.ElementA)
                    : Enumerable.Range(0, z.Length).Sum(i => Enumerable.Range(i + 1, z.Length - i - 1)
                        .Count(j => (z[i] == bag.ElementA && z[j] == b) || (z[i] == b && z[j] == bag.ElementA)));
                var entries = vector.AsSpan(bag.Offset, bag.Size);
                int nonzero = 0;
                foreach (double value in entries)
                    if (value != 0)
                        nonzero++;
                Assert.True(expected == nonzero, $"{molecule}: bag {bag} holds {nonzero} entries for {expected} {(bag.ElementB is null ? "atoms" : "pairs")}");
                for (int k = 1; k < entries.Length; k++)
                    Assert.True(entries[k - 1] >= entries[k], $"{molecule}: bag {bag} is not in descending order");
            }
        }
    }

    [Fact]
    public void The_entries_are_the_Coulomb_matrix_entries_regrouped()
    {
        // Both representations hold the same multiset of numbers: the sorted nonzero values agree.
        var bob = Qm7Bags.Value;
        var coulomb = new CoulombMatrix();
        foreach (var molecule in Qm7.Sample)
        {
            var fromBags = bob.Featurise(molecule).Where(v => v != 0).Order().ToArray();
            var fromMatrix = coulomb.Featurise(molecule).Where(v => v != 0).Order().ToArray();
            Assert.Equal(fromMatrix, fromBags);
        }
    }

    [Fact]
    public void Bags_fitted_on_QM7_are_as_large_as_its_largest_counts()
    {
        var bob = Qm7Bags.Value;
        Assert.Equal([1, 6, 7, 8, 16], bob.Bags.Where(b => b.ElementB is null).Select(b => b.ElementA));
        foreach (var bag in bob.Bags)
        {
            int largest = Qm7.All.Max(m =>
            {
                int a = m.AtomicNumbers.Count(z => z == bag.ElementA);
                if (bag.ElementB is not { } b)
                    return a;
                return b == bag.ElementA ? a * (a - 1) / 2 : a * m.AtomicNumbers.Count(z => z == b);
            });
            Assert.Equal(largest, bag.Size);
        }
        Assert.Equal(bob.Bags.Sum(b => b.Size), bob.Length);
    }

    [Fact]
    public void The_fitted_sizes_remake_the_same_representation()
    {
        var bob = Qm7Bags.Value;
        var remade = new BagOfBonds(bob.AtomBagSizes, bob.PairBagSizes);
        Assert.Equal(bob.Bags, remade.Bags);
        Assert.Equal(bob.Featurise(Qm7.All[5000]), remade.Featurise(Qm7.All[5000]));
    }

    [Fact]
    public void A_molecule_that_overfills_a_bag_or_brings_a_new_element_is_refused()
    {
        var bob = BagOfBonds.Fit([Qm7.All[0]]); // methane
        var ethane = Qm7.All[1];
        var tooMany = Assert.Throws<RepresentationInputException>(() => bob.Featurise([ethane]));
        Assert.Contains("fit it on a set that contains this molecule", tooMany.Message);
        var water = Molecule.Create([8, 1, 1], [new(0, 0, 0.1173), new(0, 0.7572, -0.4692), new(0, -0.7572, -0.4692)]);
        var newElement = Assert.Throws<RepresentationInputException>(() => bob.Featurise([water]));
        Assert.Contains("no bag for O", newElement.Message);
    }
}
