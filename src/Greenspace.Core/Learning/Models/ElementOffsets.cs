using System.Collections.Immutable;
using System.Globalization;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Models;

/// <summary>
/// A label's per-element part: an energy per atom of each element (a "dressed atom"), summed over a molecule's
/// atoms. Fitted by least squares on element counts over the training molecules only, it puts two fidelities on one
/// scale whatever their zeros (free atoms at each level, or total energies), and it takes the extensive bulk out of
/// an energy so that the kernel model learns what remains. <see cref="None"/> adds nothing.
/// </summary>
public sealed class ElementOffsets
{
    /// <summary>No offsets: the labels are used on the scale they come in.</summary>
    public static readonly ElementOffsets None = new(ImmutableSortedDictionary<int, double>.Empty, fitted: false);

    private ElementOffsets(ImmutableSortedDictionary<int, double> perAtom, bool fitted)
    {
        PerAtom = perAtom;
        IsFitted = fitted;
    }

    /// <summary>Offsets as given (e.g. read back from a saved model): atomic number to labels' units per atom.</summary>
    public ElementOffsets(IReadOnlyDictionary<int, double> perAtom)
        : this(perAtom.ToImmutableSortedDictionary(), fitted: true)
    {
        foreach (var (z, value) in PerAtom)
        {
            if (z < 1 || z > Elements.MaxAtomicNumber)
                throw new LearningInputException($"{z} is no atomic number; give offsets for elements from 1 to {Elements.MaxAtomicNumber}");
            if (!double.IsFinite(value))
                throw new LearningInputException($"the offset of {Elements.Symbol(z)} is {value}; give a finite number");
        }
    }

    /// <summary>Labels' units per atom, for every element seen in training (empty for <see cref="None"/>).</summary>
    public ImmutableSortedDictionary<int, double> PerAtom { get; }

    /// <summary>False for <see cref="None"/>, which takes any element and adds zero.</summary>
    public bool IsFitted { get; }

    /// <summary>The offsets that best explain <paramref name="labels"/> as a sum over atoms (minimum-norm least squares).</summary>
    public static ElementOffsets Fit(IReadOnlyList<Composition> compositions, IReadOnlyList<double> labels)
    {
        if (compositions.Count == 0)
            throw new LearningInputException("per-element offsets need at least one labelled molecule");
        if (compositions.Count != labels.Count)
            throw new LearningInputException($"{compositions.Count} molecules were given {labels.Count} labels; give exactly one label per molecule");
        for (int i = 0; i < labels.Count; i++)
            if (!double.IsFinite(labels[i]))
                throw new LearningInputException($"molecule {i} has no label ({labels[i]}); compute it or leave that molecule out of training");
        var elements = ElementsOf(compositions);
        var coefficients = LeastSquares.MinimumNorm(CountColumns(compositions, elements), labels);
        return new ElementOffsets(elements.Zip(coefficients).ToImmutableSortedDictionary(p => p.First, p => p.Second), fitted: true);
    }

    /// <summary>Every element that occurs in <paramref name="compositions"/>, ascending.</summary>
    internal static int[] ElementsOf(IEnumerable<Composition> compositions) =>
        [.. compositions.SelectMany(c => c.Counts.Keys).Distinct().Order()];

    /// <summary>One column per element: its count in each molecule.</summary>
    internal static double[][] CountColumns(IReadOnlyList<Composition> compositions, IReadOnlyList<int> elements) =>
        [.. elements.Select(z => compositions.Select(c => (double)c.Count(z)).ToArray())];

    /// <summary>Why the offsets cannot be summed for <paramref name="composition"/> (an element never seen in training), or null.</summary>
    public string? Problem(Composition composition)
    {
        if (!IsFitted)
            return null;
        foreach (int z in composition.Counts.Keys)
            if (!PerAtom.ContainsKey(z))
                return $"it contains {Elements.Symbol(z)}, an element without an offset (none of the training molecules had it); train on molecules with {Elements.Symbol(z)} or leave this one out";
        return null;
    }

    /// <summary>The sum of the offsets over the molecule's atoms (0 for <see cref="None"/>).</summary>
    /// <exception cref="LearningInputException">for an element without an offset.</exception>
    public double Of(Composition composition)
    {
        if (Problem(composition) is { } problem)
            throw new LearningInputException($"{composition}: {problem}");
        double sum = 0;
        foreach (var (z, count) in composition.Counts)
            sum += count * PerAtom.GetValueOrDefault(z);
        return sum;
    }

    /// <summary>For a model card: "none", or each element's offset in <paramref name="unit"/> per atom.</summary>
    public string Describe(string unit) => !IsFitted
        ? "none (labels on their own scale)"
        : "fitted on the training set by least squares on element counts: "
          + string.Join(", ", PerAtom.Select(p => string.Create(CultureInfo.InvariantCulture, $"{Elements.Symbol(p.Key)} {p.Value:F3}"))) + $" {unit} per atom";
}
