using Greenspace.Chemistry;
using Greenspace.Learning.Representations;

namespace Greenspace.Tests.Learning.Representations;

public class SlatmTests
{
    private const double Sigma = 0.05;

    [Fact]
    public void QM7_gives_5_elements_15_pairs_and_66_triples()
    {
        // QM7 holds H, C, N, O and at most one S per molecule. Triples I-J-K (vertex J) up to reversal: 5 vertices x
        // 15 end pairs = 75, less the 9 with two or more S (S-S-x for x in 5 elements, x-S-S counted there, and S-x-S
        // for the 4 others), so 66. Grids: (4.8 - 0.1) / 0.03 -> 157 distances, (220 degrees) / 0.03 rad -> 128 angles.
        Assert.Equal(1, Qm7.All.Max(m => m.AtomicNumbers.Count(z => z == 16)));
        var slatm = Slatm.Fit(Qm7.All);
        Assert.Equal(5, slatm.Blocks.Count(b => b.Type.Length == 1));
        Assert.Equal(15, slatm.Blocks.Count(b => b.Type.Length == 2));
        Assert.Equal(66, slatm.Blocks.Count(b => b.Type.Length == 3));
        Assert.Equal(157, slatm.DistanceGridAngstrom.Length);
        Assert.Equal(128, slatm.AngleGridRadian.Length);
        Assert.Equal(5 + 15 * 157 + 66 * 128, slatm.Length);
    }

    [Fact]
    public void A_pair_spectrum_integrates_to_the_London_term()
    {
        // A normalised Gaussian of width sigma at r, weighted by Z1 Z2 / x^6, integrates to
        // Z1 Z2 / r^6 (1 + 21 sigma^2 / r^2) up to O(sigma^4 / r^4) (second-order Taylor term of x^-6). qmlcode
        // samples it on 157 points 4.7/156 apart but weights each by the nominal spacing 0.03: the sum is that
        // integral times 0.03 / (4.7 / 156).
        const double r = 3.0;
        var pair = Molecule.Create([6, 8], [new(0, 0, 0), new(0, 0, r)]);
        var slatm = Slatm.Fit([pair]);
        var vector = slatm.Featurise(pair);
        var block = slatm.Blocks.Single(b => b.Type.SequenceEqual([6, 8]));
        double integral = vector.AsSpan(block.Offset, block.Length).ToArray().Sum();
        double expected = 6 * 8 / Math.Pow(r, 6) * (1 + 21 * Sigma * Sigma / (r * r)) * 0.03 / (4.7 / 156);
        Assert.True(Math.Abs(integral / expected - 1) < 1e-4, $"integral {integral}, London term {expected}");
        Assert.Equal(6, vector[slatm.Blocks.Single(b => b.Type.SequenceEqual([6])).Offset]);
        Assert.Equal(8, vector[slatm.Blocks.Single(b => b.Type.SequenceEqual([8])).Offset]);
        // The like pairs have no atoms to sum over.
        Assert.All(slatm.Blocks.Where(b => b.Type.Length == 2 && b.Type[0] == b.Type[1]), b => Assert.All(vector.AsSpan(b.Offset, b.Length).ToArray(), v => Assert.Equal(0, v)));
    }

    [Fact]
    public void An_angle_spectrum_integrates_to_the_Axilrod_Teller_Muto_term()
    {
        // For the triangle C-N-O, each atom is the vertex of one triple. The Gaussian of width sigma at the vertex angle
        // theta integrates (1 + cos x cos(theta_i) cos(theta_k)) to 1 + cos(theta) exp(-sigma^2 / 2) cos(theta_i) cos(theta_k),
        // so each spectrum sums to Z_C Z_N Z_O / 3 (1 + exp(-sigma^2/2) cos cos cos) / (r1 r2 r3)^3, times
        // qmlcode's nominal spacing over the real one, 0.03 / (220 degrees / 127).
        Vec3 c = new(0, 0, 0), n = new(1.9, 0, 0), o = new(0.4, 1.7, 0.3);
        var triangle = Molecule.Create([6, 7, 8], [c, n, o]);
        var slatm = Slatm.Fit([triangle]);
        var vector = slatm.Featurise(triangle);
        double rcn = Vec3.Distance(c, n), rco = Vec3.Distance(c, o), rno = Vec3.Distance(n, o);
        double cosC = Cos(n, c, o), cosN = Cos(c, n, o), cosO = Cos(c, o, n);
        double expected = 6 * 7 * 8 / 3.0 * (1 + Math.Exp(-Sigma * Sigma / 2) * cosC * cosN * cosO) / Math.Pow(rcn * rco * rno, 3)
            * 0.03 / (220 * Math.PI / 180 / 127);
        foreach (int vertex in new[] { 6, 7, 8 })
        {
            var block = slatm.Blocks.Single(b => b.Type.Length == 3 && b.Type[1] == vertex && b.Type.Order().SequenceEqual([6, 7, 8]));
            double integral = vector.AsSpan(block.Offset, block.Length).ToArray().Sum();
            Assert.True(Math.Abs(integral / expected - 1) < 1e-9, $"vertex {Elements.Symbol(vertex)}: integral {integral}, ATM term {expected}");
        }
    }

    [Fact]
    public void Atoms_beyond_the_cutoff_do_not_interact()
    {
        var far = Molecule.Create([6, 8], [new(0, 0, 0), new(0, 0, 4.81)]);
        var slatm = Slatm.Fit([far]);
        var vector = slatm.Featurise(far);
        var block = slatm.Blocks.Single(b => b.Type.SequenceEqual([6, 8]));
        Assert.All(vector.AsSpan(block.Offset, block.Length).ToArray(), v => Assert.Equal(0, v));
    }

    [Fact]
    public void The_fitted_counts_remake_the_same_representation()
    {
        var slatm = Slatm.Fit(Qm7.All);
        var remade = new Slatm(slatm.LargestCountPerElement);
        Assert.Equal(slatm.Blocks.Select(b => $"{b} {b.Offset} {b.Length}"), remade.Blocks.Select(b => $"{b} {b.Offset} {b.Length}"));
        Assert.Equal(slatm.Featurise(Qm7.All[6000]), remade.Featurise(Qm7.All[6000]));
    }

    [Fact]
    public void An_element_outside_the_fit_is_refused()
    {
        var slatm = Slatm.Fit([Qm7.All[0]]);
        var water = Molecule.Create([8, 1, 1], [new(0, 0, 0.1173), new(0, 0.7572, -0.4692), new(0, -0.7572, -0.4692)]);
        var e = Assert.Throws<RepresentationInputException>(() => slatm.Featurise([water]));
        Assert.Contains("fitted without O", e.Message);
    }

    private static double Cos(Vec3 a, Vec3 b, Vec3 c) => (a - b).Dot(c - b) / ((a - b).Norm * (c - b).Norm);
}
