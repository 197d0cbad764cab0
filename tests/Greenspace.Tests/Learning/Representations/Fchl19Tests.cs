using Greenspace.Chemistry;
using Greenspace.Learning.Representations;

namespace Greenspace.Tests.Learning.Representations;

public class Fchl19Tests
{
    private static readonly Fchl19 Fchl = new();

    [Fact]
    public void Five_elements_give_720_features_per_atom()
    {
        // 5 elements x 24 two-body centres + 15 element pairs x 20 radial centres x 2 Fourier terms.
        Assert.Equal(5 * 24 + 15 * 20 * 2, Fchl.FeatureCount);
        Assert.Equal(720, Fchl.FeatureCount);
    }

    [Fact]
    public void A_small_displacement_gives_a_proportionally_small_change()
    {
        // Continuity, and more: the change is linear in the displacement (a differentiable map), so ten times the
        // step gives ten times the change, and a step of 1e-7 angstrom changes nothing beyond 1e-5 of the vector.
        var random = new Random(44);
        foreach (var molecule in Qm7.Sample.Take(30))
        {
            var reference = Fchl.Featurise(molecule);
            int atom = random.Next(molecule.AtomCount);
            var direction = new Vec3(random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5);
            direction *= 1 / direction.Norm;
            double Change(double step) => Moves.RelativeDifference(reference, Fchl.Featurise(
                molecule.WithPositions(molecule.PositionsAngstrom.Select((p, i) => i == atom ? p + direction * step : p))));
            double small = Change(1e-5), large = Change(1e-4);
            Assert.True(large / small is > 9 and < 11, $"{molecule}: changes {small:E2} and {large:E2} for steps 1e-5 and 1e-4");
            Assert.True(Change(1e-7) < 1e-5, $"{molecule}: a step of 1e-7 angstrom changed the vector by {Change(1e-7):E2}");
        }
    }

    [Fact]
    public void An_atom_crossing_the_cutoff_changes_nothing_abruptly()
    {
        // The cutoff function goes smoothly to zero at 8 angstrom, so a neighbour just inside and just outside give
        // the same vector; the three-body terms of the third atom fade the same way.
        Molecule At(double distance) => Molecule.Create([6, 8, 1], [new(0, 0, 0), new(distance, 0, 0), new(0, 1.09, 0)]);
        var inside = Fchl.Featurise(At(8.0 - 1e-6));
        var outside = Fchl.Featurise(At(8.0 + 1e-6));
        Assert.True(Moves.RelativeDifference(inside, outside) < 1e-9);
        var wellInside = Fchl.Featurise(At(6.0));
        Assert.True(Moves.RelativeDifference(wellInside, outside) > 1e-3, "a neighbour at 6 angstrom must count");
    }

    [Fact]
    public void Atoms_in_different_environments_differ_and_equivalent_atoms_agree()
    {
        // Ethanol from QM7 (CH3-CH2-OH): methyl and methylene carbons, hydroxyl and methyl hydrogens are different
        // environments. Methane's four hydrogens and staggered ethane's six are equivalent by symmetry: their rows
        // agree up to the asymmetry of the stored geometry (coordinates to 1e-6 angstrom).
        var ethanol = Qm7.All.First(m => m.Formula == "C2H6O" && Connected(m, 6, 8) && Connected(m, 6, 6));
        var rows = Fchl.Featurise(ethanol);
        int width = Fchl.FeatureCount;
        double Distance(int a, int b)
        {
            double sum = 0;
            for (int k = 0; k < width; k++)
                sum += (rows[a * width + k] - rows[b * width + k]) * (rows[a * width + k] - rows[b * width + k]);
            return Math.Sqrt(sum);
        }
        var z = ethanol.AtomicNumbers;
        var r = ethanol.PositionsAngstrom;
        int oxygen = z.IndexOf(8);
        var carbons = Enumerable.Range(0, z.Length).Where(i => z[i] == 6).ToArray();
        int methylene = carbons.MinBy(c => Vec3.Distance(r[c], r[oxygen]));
        int methyl = carbons.Single(c => c != methylene);
        var hydrogens = Enumerable.Range(0, z.Length).Where(i => z[i] == 1).ToArray();
        int hydroxyl = hydrogens.MinBy(h => Vec3.Distance(r[h], r[oxygen]));
        var methylH = hydrogens.Where(h => Vec3.Distance(r[h], r[methyl]) < 1.2).ToArray();
        Assert.Equal(3, methylH.Length);

        double carbonGap = Distance(methyl, methylene);
        double hydrogenGap = Distance(hydroxyl, methylH[0]);
        Assert.True(carbonGap > 0.1 * RowNorm(rows, methyl, width), $"methyl and methylene carbons differ by only {carbonGap}");
        Assert.True(hydrogenGap > 0.1 * RowNorm(rows, hydroxyl, width), $"hydroxyl and methyl hydrogens differ by only {hydrogenGap}");

        foreach (var symmetric in new[] { Qm7.All[0], Qm7.All[1] }) // methane, ethane
        {
            var symmetricRows = Fchl.Featurise(symmetric);
            var h = Enumerable.Range(0, symmetric.AtomCount).Where(i => symmetric.AtomicNumbers[i] == 1).ToArray();
            foreach (int other in h[1..])
            {
                double gap = Moves.RelativeDifference(symmetricRows.AsSpan(h[0] * width, width), symmetricRows.AsSpan(other * width, width));
                Assert.True(gap < 1e-4, $"{symmetric}: hydrogens {h[0] + 1} and {other + 1} differ by {gap:E2} (relative)");
            }
        }
    }

    [Fact]
    public void A_set_carries_each_molecules_elements_and_rows()
    {
        var set = Fchl.Featurise(Qm7.Sample);
        Assert.Equal(Qm7.Sample.Count, set.MoleculeCount);
        Assert.Equal(Qm7.Sample.Sum(m => m.AtomCount), set.AtomCount);
        for (int m = 0; m < set.MoleculeCount; m += 17)
        {
            Assert.Equal(Qm7.Sample[m].AtomicNumbers.ToArray(), set.ElementsOf(m).ToArray());
            Assert.Equal(Fchl.Featurise(Qm7.Sample[m]), set.RowsOf(m).ToArray());
        }
    }

    [Fact]
    public void An_element_without_a_channel_is_refused()
    {
        var hf = Molecule.Create([1, 9], [new(0, 0, 0), new(0, 0, 0.92)], name: "HF");
        var e = Assert.Throws<RepresentationInputException>(() => Fchl.Featurise([hf]));
        Assert.Contains("no channel for F", e.Message);
        Assert.Equal(2 * (3 * 24 + 6 * 20 * 2), new Fchl19([1, 6, 9]).Featurise(hf).Length);
    }

    private static double RowNorm(double[] rows, int atom, int width) => Math.Sqrt(rows.AsSpan(atom * width, width).ToArray().Sum(v => v * v));

    private static bool Connected(Molecule m, int za, int zb)
    {
        var z = m.AtomicNumbers;
        for (int i = 0; i < z.Length; i++)
            for (int j = i + 1; j < z.Length; j++)
                if (((z[i] == za && z[j] == zb) || (z[i] == zb && z[j] == za)) && Vec3.Distance(m.PositionsAngstrom[i], m.PositionsAngstrom[j]) < 1.6)
                    return true;
        return false;
    }
}
