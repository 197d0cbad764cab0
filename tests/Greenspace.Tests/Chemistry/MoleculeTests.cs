using Greenspace.Chemistry;

namespace Greenspace.Tests.Chemistry;

public class MoleculeTests
{
    private static readonly Vec3[] WaterXyz = [new(0, 0, 0.1173), new(0, 0.7572, -0.4692), new(0, -0.7572, -0.4692)];

    [Fact]
    public void Multiplicity_defaults_to_the_lowest_the_electron_count_allows()
    {
        Assert.Equal(1, Molecule.Create([8, 1, 1], WaterXyz).Multiplicity);
        Assert.Equal(2, Molecule.Create([8, 1, 1], WaterXyz, charge: 1).Multiplicity);
    }

    [Theory]
    [InlineData(0, 2, "does not fit 10 electrons")]
    [InlineData(0, 0, "not a positive integer")]
    [InlineData(11, null, "leaves -1 electrons")]
    public void Charge_and_multiplicity_must_fit_the_electron_count(int charge, int? multiplicity, string expected)
    {
        var e = Assert.Throws<InvalidMoleculeException>(() => Molecule.Create([8, 1, 1], WaterXyz, charge, multiplicity));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Atoms_closer_than_half_an_angstrom_are_refused_with_both_atoms_named()
    {
        var e = Assert.Throws<InvalidMoleculeException>(() =>
            Molecule.Create([6, 1], [new Vec3(0, 0, 0), new Vec3(0, 0, 0.3)]));
        Assert.Contains("atoms 1 (C) and 2 (H) are 0.3 angstrom apart", e.Message);
    }

    [Fact]
    public void A_clash_is_found_in_a_large_molecule_too()
    {
        var positions = Enumerable.Range(0, 200).Select(i => new Vec3(i * 1.5, 0, 0)).Append(new Vec3(150.2, 0, 0)).ToArray();
        var e = Assert.Throws<InvalidMoleculeException>(() => Molecule.Create(Enumerable.Repeat(6, 201), positions));
        Assert.Contains("atoms 101 (C) and 201 (C)", e.Message);
    }

    [Fact]
    public void Empty_molecules_and_unknown_elements_are_refused()
    {
        Assert.Contains("no atoms", Assert.Throws<InvalidMoleculeException>(() => Molecule.Create([], [])).Message);
        Assert.Contains("no element", Assert.Throws<InvalidMoleculeException>(() => Molecule.Create([119], [Vec3.Zero])).Message);
    }

    [Fact]
    public void Hill_formula_puts_carbon_and_hydrogen_first()
    {
        Assert.Equal("CH4O", Molecule.HillFormula([8, 6, 1, 1, 1, 1]));
        Assert.Equal("ClH", Molecule.HillFormula([1, 17]));
        Assert.Equal("H2O", Molecule.HillFormula([8, 1, 1]));
    }

    [Fact]
    public void Element_table_lists_118_symbols_and_masses()
    {
        Assert.True(Elements.TryParse("cl", out var z) && z == 17);
        Assert.Equal("Og", Elements.Symbol(118));
        Assert.Equal(294, Elements.Mass(118));
        Assert.False(Elements.TryParse("Xx", out _));
    }
}
