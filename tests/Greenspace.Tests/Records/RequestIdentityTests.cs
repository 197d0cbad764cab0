using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Tests.Records;

public class RequestIdentityTests
{
    private static readonly Molecule Water = Molecule.Create(
        [8, 1, 1],
        [new Vec3(0, 0, 0.1173), new Vec3(0, 0.7572, -0.4692), new Vec3(0, -0.7572, -0.4692)]);

    private static RequestIdentity Id(Molecule m, params (string, string)[] kw) =>
        RequestIdentity.Of(new CalculationRequest(m, "xtb", "gfn2", null, Driver.Energy),
            "6.5.1", kw.ToDictionary(k => k.Item1, k => k.Item2));

    [Fact]
    public void Atom_order_and_keyword_order_do_not_change_the_hash()
    {
        var reordered = Water.Permute([2, 0, 1]);
        Assert.Equal(Id(Water, ("acc", "1.0"), ("etemp", "300.0")).Hash, Id(reordered, ("etemp", "300.0"), ("acc", "1.0")).Hash);
    }

    [Fact]
    public void Differences_below_the_coordinate_quantum_do_not_change_the_hash_but_larger_ones_do()
    {
        var tiny = Water.WithPositions(Water.PositionsAngstrom.Select(p => p + new Vec3(2e-6, 0, 0)));
        var moved = Water.WithPositions(Water.PositionsAngstrom.Select(p => p + new Vec3(3e-4, 0, 0)));
        Assert.Equal(Id(Water).Hash, Id(tiny).Hash);
        Assert.NotEqual(Id(Water).Hash, Id(moved).Hash);
    }

    [Fact]
    public void Charge_multiplicity_keywords_and_minor_version_change_the_hash_but_patch_version_does_not()
    {
        var cation = Water.WithChargeAndMultiplicity(1, 2);
        Assert.NotEqual(Id(Water).Hash, Id(cation).Hash);
        Assert.NotEqual(Id(Water, ("acc", "1.0")).Hash, Id(Water, ("acc", "0.1")).Hash);
        var r = new CalculationRequest(Water, "xtb", "gfn2", null, Driver.Energy);
        var empty = new Dictionary<string, string>();
        Assert.Equal(RequestIdentity.Of(r, "6.5.1", empty).Hash, RequestIdentity.Of(r, "6.5.0", empty).Hash);
        Assert.NotEqual(RequestIdentity.Of(r, "6.5.1", empty).Hash, RequestIdentity.Of(r, "6.6.0", empty).Hash);
    }

    [Fact]
    public void Canonical_order_and_its_inverse_compose_to_the_identity()
    {
        var id = Id(Water.Permute([1, 2, 0]));
        for (int i = 0; i < 3; i++)
            Assert.Equal(i, id.CanonicalOrder[id.CallerOrder[i]]);
        Assert.Equal(64, id.Hash.Length);
        Assert.StartsWith("{\"basis\":null,\"driver\":\"energy\"", id.CanonicalJson);
    }
}
