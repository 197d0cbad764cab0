using System.Collections.Immutable;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Models;

/// <summary>
/// Molecules as a Delta or multi-fidelity model sees them: the features one representation made (for the kernels)
/// and each molecule's composition (for per-element offsets), in one order.
/// </summary>
public sealed class MoleculeInputs
{
    public MoleculeInputs(FeatureSet features, IEnumerable<Composition> compositions)
    {
        Features = features;
        Compositions = [.. compositions];
        if (Compositions.Length != features.Count)
            throw new LearningInputException($"{features.Count} feature rows were given {Compositions.Length} compositions; give one composition per molecule, in the same order");
    }

    public FeatureSet Features { get; }
    public ImmutableArray<Composition> Compositions { get; }
    public int Count => Compositions.Length;

    public static MoleculeInputs Of(FeatureSet features, IEnumerable<Molecule> molecules) => new(features, molecules.Select(Composition.Of));

    /// <summary>The molecules at <paramref name="indices"/>, in that order.</summary>
    public MoleculeInputs Subset(IReadOnlyList<int> indices) => new(Features.Subset(indices), indices.Select(i => Compositions[i]));
}
