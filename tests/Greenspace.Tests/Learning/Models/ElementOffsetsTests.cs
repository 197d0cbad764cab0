using Greenspace.Learning;
using Greenspace.Learning.Models;

namespace Greenspace.Tests.Learning.Models;

/// <summary>Per-element offsets: least squares on element counts, on molecules whose labels are exact sums over atoms.</summary>
public class ElementOffsetsTests
{
    private static readonly Composition Methane = new([6, 1, 1, 1, 1]);
    private static readonly Composition Water = new([8, 1, 1]);
    private static readonly Composition Methanol = new([6, 8, 1, 1, 1, 1]);
    private static readonly Composition Ethane = new([6, 6, 1, 1, 1, 1, 1, 1]);
    private static readonly Composition Ammonia = new([7, 1, 1, 1]);

    [Fact]
    public void LabelsThatAreSumsOverAtomsGiveBackTheEnergyOfEachElement()
    {
        var perAtom = new Dictionary<int, double> { [1] = -0.5, [6] = -37.8, [7] = -54.6, [8] = -75.1 };
        Composition[] molecules = [Methane, Water, Methanol, Ethane, Ammonia];
        var labels = molecules.Select(m => m.Counts.Sum(c => c.Value * perAtom[c.Key])).ToArray();

        var offsets = ElementOffsets.Fit(molecules, labels);
        foreach (var (z, energy) in perAtom)
            Assert.Equal(energy, offsets.PerAtom[z], 10);
        Assert.Equal(2 * -37.8 + 6 * -0.5 + -54.6, offsets.Of(new Composition([6, 6, 7, 1, 1, 1, 1, 1, 1])), 10);
    }

    [Fact]
    public void ElementsTheDataCannotTellApartShareTheirEnergyAndStillReproduceTheLabels()
    {
        // Every training molecule has H and C in the ratio 4:1 (methane, twice as much methane): only 4 e_H + e_C is known.
        Composition[] molecules = [Methane, new([6, 6, 1, 1, 1, 1, 1, 1, 1, 1])];
        var offsets = ElementOffsets.Fit(molecules, [-40.0, -80.0]);
        Assert.Equal(-40.0, offsets.Of(Methane), 10);
        // The shortest solution after scaling each count column to unit length: both columns are then one vector, so
        // H and C take equal shares of the label, 4 e_H = e_C = -20.
        Assert.Equal(-5.0, offsets.PerAtom[1], 10);
        Assert.Equal(-20.0, offsets.PerAtom[6], 10);
    }

    [Fact]
    public void AnElementNoTrainingMoleculeHadHasNoOffset()
    {
        var offsets = ElementOffsets.Fit([Methane, Water], [-40.0, -76.0]);
        var e = Assert.Throws<LearningInputException>(() => offsets.Of(Ammonia));
        Assert.Equal("H3N: it contains N, an element without an offset (none of the training molecules had it); train on molecules with N or leave this one out", e.Message);
        Assert.Equal(0.0, ElementOffsets.None.Of(Ammonia));
    }
}
