using Greenspace.Learning;
using Greenspace.Learning.Models;

namespace Greenspace.Tests.Learning.Models;

/// <summary>Acquiring a molecule at a fidelity acquires it at every cheaper one; sets that are not nested are refused.</summary>
public class NestedDesignTests
{
    [Fact]
    public void AcquiringAtAFidelityAcquiresAtEveryCheaperOne()
    {
        var design = new NestedDesign(3).Acquire(7, 2).Acquire([1, 2, 3], 0).Acquire(5, 1);
        Assert.Equal([1, 2, 3, 5, 7], design.At(0));
        Assert.Equal([5, 7], design.At(1));
        Assert.Equal([7], design.At(2));
        for (int l = 1; l < 3; l++)
            Assert.Subset(design.At(l - 1), design.At(l));
        Assert.True(design.Has(7, 0));
        Assert.False(design.Has(5, 2));
    }

    [Fact]
    public void SetsThatAreNotNestedAreRefusedWithTheMoleculeAndTheFidelities()
    {
        var e = Assert.Throws<LearningInputException>(() => NestedDesign.FromSets([[1, 2, 3], [2, 4]], ["GFN2-xTB", "PBE0"]));
        Assert.Equal("molecule 4 is acquired at PBE0 but not at the cheaper GFN2-xTB; training sets must be nested (acquiring a molecule at a fidelity acquires it at every cheaper one): add it there too", e.Message);

        e = Assert.Throws<LearningInputException>(() => NestedDesign.Prefixes([5, 6, 7, 8], [2, 3]));
        Assert.Equal("level 1 asks for 3 molecules, more than the cheaper level 0's 2; a nested design needs the cheaper levels to hold at least as many", e.Message);
        Assert.Equal([5, 6, 7], NestedDesign.Prefixes([5, 6, 7, 8], [3, 1]).At(0));
    }
}
