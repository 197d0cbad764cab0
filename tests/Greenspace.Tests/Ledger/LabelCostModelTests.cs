using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Ledger;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Ledger;

public class LabelCostModelTests
{
    private static readonly Molecule Water = Molecule.Create([8, 1, 1], [new Vec3(0, 0, 0.1173), new Vec3(0, 0.7572, -0.4692), new Vec3(0, -0.7572, -0.4692)]);

    [Fact]
    public void A_power_law_is_recovered_exactly_from_points_on_it()
    {
        var points = new[] { 50.0, 100, 200, 400 }.Select(n => (n, 3e-5 * Math.Pow(n, 2.5))).ToList();
        var model = LabelCostModel.Fit("test", points);
        Assert.Equal(2.5, model.Exponent, 12);
        Assert.Equal(3e-5, model.Prefactor, 15);
        Assert.Equal(0, model.LeaveOneOutRelativeRmsError, 12);
    }

    [Fact]
    public void The_pbe0_cost_model_fitted_to_the_measured_qm7_calculations_scales_like_dft_and_misses_them_by_little()
    {
        var lines = File.ReadAllLines(TestData.DataFile("qm7", "qm7_pbe0_costs.csv"));
        var header = lines[0].Split(',');
        int formula = Array.IndexOf(header, "formula"), cpu = Array.IndexOf(header, "cpu_seconds");
        var points = lines.Skip(1).Select(l => l.Split(','))
            .Select(f => ((double)BasisFunctions(f[formula]), double.Parse(f[cpu], CultureInfo.InvariantCulture))).ToList();
        var model = LabelCostModel.Fit("PBE0/def2-TZVP", points);
        // Hybrid DFT with density fitting scales between n^2 and n^4 in practice.
        Assert.InRange(model.Exponent, 2, 4);
        Assert.True(model.LeaveOneOutRelativeRmsError < 0.35, model.Describe());
        Assert.Equal(31 + 2 * 6, LabelCostModel.Def2TzvpBasisFunctions(Water));
    }

    [Fact]
    public void An_element_without_a_basis_size_is_refused_with_a_sentence()
    {
        var gold = Molecule.Create([79], [Vec3.Zero], multiplicity: 2);
        Assert.Contains("not Au", Assert.Throws<ArgumentException>(() => LabelCostModel.Def2TzvpBasisFunctions(gold)).Message);
    }

    private static int BasisFunctions(string hill)
    {
        int total = 0;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(hill, "([A-Z][a-z]?)([0-9]*)"))
        {
            Elements.TryParse(m.Groups[1].Value, out var z);
            int count = m.Groups[2].Value.Length == 0 ? 1 : int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            total += count * LabelCostModel.Def2TzvpBasisFunctions(Molecule.Create([z], [Vec3.Zero], multiplicity: z % 2 == 0 ? 1 : 2));
        }
        return total;
    }
}
