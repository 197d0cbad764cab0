using Greenspace.Learning.Datasets;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;

namespace Greenspace.Tests.Learning.Models;

/// <summary>
/// The variance a label would remove, summed over a set, equals the sum of the per-molecule drops that a fantasised
/// acquisition in <see cref="FantasyBatch"/> (another computation of the same posterior) produces at the top level,
/// before and after an earlier pick.
/// </summary>
public class IntegratedVarianceTests
{
    [Fact]
    public void The_summed_reduction_equals_the_drops_a_fantasised_label_makes_at_every_molecule()
    {
        var qm7 = Qm7Data.Dataset;
        var order = Qm7Data.TrainingOrder();
        var pool = Qm7Data.CoulombMatrices;
        IReadOnlyList<double>[] labels = [qm7.Gfn2KcalPerMol, qm7.Pbe0KcalPerMol];
        var model = MultiFidelityModel.Fit(pool, NestedDesign.Prefixes(order, [40, 12]), [Qm7Dataset.Gfn2, Qm7Dataset.Pbe0], labels,
            elementOffsets: false, new HyperparameterChoice.Fixed(new Hyperparameters(Kernel.Laplacian(1000), 1e-4)));
        int[] set = [.. order[12..52]];
        var integrated = new IntegratedVariance(model, set);
        var fantasies = new FantasyBatch(model, set);

        foreach (int pick in new[] { 3, 17, 30 })
        {
            var before = Enumerable.Range(0, set.Length).Select(z => fantasies.LevelVariance(1, z)).ToArray();
            double expected = integrated.Reduction(pick);
            fantasies.Add(pick, 1);
            double drops = Enumerable.Range(0, set.Length).Sum(z => before[z] - fantasies.LevelVariance(1, z));
            Assert.True(expected > 0);
            Assert.True(Math.Abs(drops - expected) <= 1e-8 * expected, $"pick {pick}: summed reduction {expected:R}, fantasised drops {drops:R}");
            integrated.Add(pick);
        }
    }
}
