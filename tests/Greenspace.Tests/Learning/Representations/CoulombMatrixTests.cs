using Greenspace.Chemistry;
using Greenspace.Learning.Representations;

namespace Greenspace.Tests.Learning.Representations;

public class CoulombMatrixTests
{
    // Linear HCN along x: H-C 1.066, C-N 1.153 angstrom.
    private static readonly Molecule Hcn = Molecule.Create([1, 6, 7], [new(0, 0, 0), new(1.066, 0, 0), new(2.219, 0, 0)], name: "HCN");

    [Fact]
    public void The_matrix_of_HCN_equals_the_hand_computation()
    {
        // Worked by hand from Rupp et al.'s definition, distances in angstrom:
        //   diagonal 0.5 Z^2.4: N 0.5 * 7^2.4 = 53.35871, C 0.5 * 6^2.4 = 36.85811, H 0.5
        //   C-N 6*7/1.153 = 36.42671, H-C 1*6/1.066 = 5.62852, H-N 1*7/2.219 = 3.15457
        //   row norms: N (53.36, 36.43, 3.15) > C (36.43, 36.86, 5.63) > H, so the order is N, C, H;
        //   packed lower triangle by rows: NN, CN, CC, HN, HC, HH, then zeros for the fourth (padding) row.
        double[] expected = [53.35871, 36.42671, 36.85811, 3.15457, 5.62852, 0.5, 0, 0, 0, 0];
        var vector = new CoulombMatrix(size: 4).Featurise(Hcn);
        Assert.Equal(expected.Length, vector.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(expected[i], vector[i], 5);
    }

    [Fact]
    public void The_QM7_size_holds_23_atoms_as_276_values()
    {
        var coulomb = new CoulombMatrix();
        Assert.Equal(276, coulomb.Length);
        Assert.Equal(23, Qm7.All.Max(m => m.AtomCount));
        Assert.All(Qm7.All, m => Assert.Null(coulomb.Problem(m)));
    }

    [Fact]
    public void Rows_come_in_descending_norm_on_every_QM7_molecule()
    {
        var coulomb = new CoulombMatrix();
        foreach (var molecule in Qm7.Sample)
        {
            var packed = coulomb.Featurise(molecule);
            var norms = new double[molecule.AtomCount];
            for (int a = 0; a < molecule.AtomCount; a++)
                for (int b = 0; b < molecule.AtomCount; b++)
                {
                    double value = packed[a >= b ? a * (a + 1) / 2 + b : b * (b + 1) / 2 + a];
                    norms[a] += value * value;
                }
            for (int a = 1; a < norms.Length; a++)
                Assert.True(norms[a - 1] >= norms[a] * (1 - 1e-12), $"{molecule}: row {a} has a larger norm than row {a - 1}");
        }
    }

    [Fact]
    public void A_molecule_larger_than_the_matrix_is_refused_with_the_size_to_use()
    {
        var e = Assert.Throws<RepresentationInputException>(() => new CoulombMatrix(size: 2).Featurise([Hcn]));
        Assert.Contains("molecule 1 (HCN (CHN))", e.Message);
        Assert.Contains("size of at least 3", e.Message);
    }

    [Fact]
    public void A_set_gives_the_same_rows_on_one_thread_and_on_all()
    {
        var coulomb = new CoulombMatrix();
        var serial = coulomb.Featurise(Qm7.All, maxDegreeOfParallelism: 1);
        var parallel = coulomb.Featurise(Qm7.All);
        Assert.Equal(Qm7.All.Count, parallel.Rows);
        Assert.Equal(serial.Values, parallel.Values);
        Assert.Equal(coulomb.Featurise(Qm7.All[4242]), parallel.Row(4242).ToArray());
    }
}
