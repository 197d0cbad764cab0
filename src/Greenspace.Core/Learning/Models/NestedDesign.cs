using System.Collections.Immutable;

namespace Greenspace.Learning.Models;

/// <summary>
/// Which molecules of a pool have been acquired at which fidelity, cheapest level 0 first, kept nested: acquiring a
/// molecule at a fidelity acquires it at every cheaper one, so each level's set contains the next one's. Immutable:
/// <see cref="Acquire(int, int)"/> returns the design with one more acquisition.
/// </summary>
/// <remarks>
/// Nesting is what lets a multi-fidelity model read the cheaper label at every molecule where it learns a
/// correction (the recursive co-kriging of Le Gratiet 2013, the MFML combination of Zaspel et al. 2019).
/// </remarks>
public sealed class NestedDesign
{
    private readonly ImmutableArray<ImmutableSortedSet<int>> _levels;

    private NestedDesign(ImmutableArray<ImmutableSortedSet<int>> levels) => _levels = levels;

    /// <summary>A design with nothing acquired yet at <paramref name="levelCount"/> fidelities.</summary>
    public NestedDesign(int levelCount)
    {
        if (levelCount < 1)
            throw new LearningInputException($"a design needs at least one fidelity, not {levelCount}");
        _levels = [.. Enumerable.Repeat(ImmutableSortedSet<int>.Empty, levelCount)];
    }

    public int LevelCount => _levels.Length;

    /// <summary>The molecules acquired at <paramref name="level"/>, ascending.</summary>
    public ImmutableSortedSet<int> At(int level) => _levels[CheckLevel(level)];

    /// <summary>Whether <paramref name="molecule"/> has been acquired at <paramref name="level"/>.</summary>
    public bool Has(int molecule, int level) => _levels[CheckLevel(level)].Contains(molecule);

    /// <summary>The design with <paramref name="molecule"/> acquired at <paramref name="level"/> and at every cheaper level.</summary>
    public NestedDesign Acquire(int molecule, int level)
    {
        CheckLevel(level);
        ArgumentOutOfRangeException.ThrowIfNegative(molecule);
        var levels = _levels.ToBuilder();
        for (int l = 0; l <= level; l++)
            levels[l] = levels[l].Add(molecule);
        return new NestedDesign(levels.ToImmutable());
    }

    /// <summary>The design that acquires each of <paramref name="molecules"/> at <paramref name="level"/> (and below).</summary>
    public NestedDesign Acquire(IEnumerable<int> molecules, int level)
    {
        CheckLevel(level);
        var added = molecules.ToImmutableSortedSet();
        if (added.Any(m => m < 0))
            throw new LearningInputException("molecule numbers in a design start at 0");
        var levels = _levels.ToBuilder();
        for (int l = 0; l <= level; l++)
            levels[l] = levels[l].Union(added);
        return new NestedDesign(levels.ToImmutable());
    }

    /// <summary>
    /// A design from explicit sets, cheapest level first, refused with a sentence unless each set contains the next
    /// (a molecule known at a fidelity must be known at every cheaper one).
    /// </summary>
    public static NestedDesign FromSets(IReadOnlyList<IEnumerable<int>> sets, IReadOnlyList<string>? fidelityNames = null)
    {
        if (sets.Count < 1)
            throw new LearningInputException("a design needs at least one fidelity's set of molecules");
        var levels = sets.Select(s => s.ToImmutableSortedSet()).ToImmutableArray();
        string Name(int l) => fidelityNames is not null && l < fidelityNames.Count ? fidelityNames[l] : $"level {l}";
        for (int l = 1; l < levels.Length; l++)
            foreach (int m in levels[l])
                if (!levels[l - 1].Contains(m))
                    throw new LearningInputException($"molecule {m} is acquired at {Name(l)} but not at the cheaper {Name(l - 1)}; "
                        + "training sets must be nested (acquiring a molecule at a fidelity acquires it at every cheaper one): add it there too");
        if (levels.Any(s => s.Any(m => m < 0)))
            throw new LearningInputException("molecule numbers in a design start at 0");
        return new NestedDesign(levels);
    }

    /// <summary>
    /// The nested design of the first <paramref name="counts"/>[l] molecules of <paramref name="order"/> at each
    /// level l: prefixes of one order, so the cheaper levels (larger counts) contain the dearer ones.
    /// </summary>
    public static NestedDesign Prefixes(IReadOnlyList<int> order, IReadOnlyList<int> counts)
    {
        for (int l = 0; l < counts.Count; l++)
        {
            if (counts[l] < 0 || counts[l] > order.Count)
                throw new LearningInputException($"level {l} asks for {counts[l]} molecules of an order of {order.Count}");
            if (l > 0 && counts[l] > counts[l - 1])
                throw new LearningInputException($"level {l} asks for {counts[l]} molecules, more than the cheaper level {l - 1}'s {counts[l - 1]}; a nested design needs the cheaper levels to hold at least as many");
        }
        return FromSets([.. counts.Select(c => order.Take(c))]);
    }

    private int CheckLevel(int level) => level >= 0 && level < _levels.Length ? level
        : throw new LearningInputException($"this design has fidelity levels 0 to {_levels.Length - 1}, not {level}");
}
