using System.Collections.Concurrent;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// Featurises one molecule or a set: a set is checked first (so a bad molecule is named before any work starts),
/// then written in parallel, each worker filling whole rows of one preallocated contiguous matrix.
/// </summary>
public static class Featurisation
{
    /// <summary>What every representation checks before it writes a molecule: that it can take it, and that the destination fits.</summary>
    /// <exception cref="RepresentationInputException">when the representation cannot take the molecule.</exception>
    internal static void CheckWrite(string name, Func<Molecule, string?> problemOf, Molecule molecule, int destinationLength, int expectedLength)
    {
        if (problemOf(molecule) is { } problem)
            throw new RepresentationInputException($"{name} cannot take {molecule}: {problem}");
        if (destinationLength != expectedLength)
            throw new ArgumentException($"the destination holds {destinationLength} values, not {expectedLength}", "destination");
    }

    /// <summary>The molecule's vector.</summary>
    public static double[] Featurise(this IGlobalRepresentation representation, Molecule molecule)
    {
        var vector = new double[representation.Length];
        representation.Write(molecule, vector);
        return vector;
    }

    /// <summary>
    /// One row per molecule. <paramref name="maxDegreeOfParallelism"/> -1 uses every core; 1 runs on the calling
    /// thread alone (the baseline of the throughput benchmark).
    /// </summary>
    /// <exception cref="RepresentationInputException">naming the first molecule the representation cannot take.</exception>
    public static FeatureMatrix Featurise(this IGlobalRepresentation representation, IReadOnlyList<Molecule> molecules, int maxDegreeOfParallelism = -1)
    {
        CheckAll(representation.Problem, molecules, representation.Name);
        int length = representation.Length;
        var values = new double[(long)molecules.Count * length];
        ForEachRange(molecules.Count, maxDegreeOfParallelism, (from, to) =>
        {
            for (int i = from; i < to; i++)
                representation.Write(molecules[i], values.AsSpan(i * length, length));
        });
        return new FeatureMatrix(molecules.Count, length, values);
    }

    /// <summary>Per-atom rows of one molecule (AtomCount x FeatureCount, row-major).</summary>
    public static double[] Featurise(this ILocalRepresentation representation, Molecule molecule)
    {
        var rows = new double[molecule.AtomCount * representation.FeatureCount];
        representation.Write(molecule, rows);
        return rows;
    }

    /// <summary>Per-atom rows of every molecule, with the element of each row; parallel as for global representations.</summary>
    /// <exception cref="RepresentationInputException">naming the first molecule the representation cannot take.</exception>
    public static AtomicFeatureMatrix Featurise(this ILocalRepresentation representation, IReadOnlyList<Molecule> molecules, int maxDegreeOfParallelism = -1)
    {
        CheckAll(representation.Problem, molecules, representation.Name);
        var starts = new int[molecules.Count + 1];
        for (int i = 0; i < molecules.Count; i++)
            starts[i + 1] = checked(starts[i] + molecules[i].AtomCount);
        var elements = new int[starts[^1]];
        for (int i = 0; i < molecules.Count; i++)
            molecules[i].AtomicNumbers.CopyTo(elements, starts[i]);
        int width = representation.FeatureCount;
        var values = new double[(long)starts[^1] * width];
        ForEachRange(molecules.Count, maxDegreeOfParallelism, (from, to) =>
        {
            for (int i = from; i < to; i++)
                representation.Write(molecules[i], values.AsSpan(starts[i] * width, molecules[i].AtomCount * width));
        });
        return new AtomicFeatureMatrix(width, values, elements, starts);
    }

    private static void CheckAll(Func<Molecule, string?> problem, IReadOnlyList<Molecule> molecules, string name)
    {
        for (int i = 0; i < molecules.Count; i++)
            if (problem(molecules[i]) is { } sentence)
                throw new RepresentationInputException($"{name} cannot take molecule {i + 1} ({molecules[i]}): {sentence}");
    }

    // Ranges of a few dozen molecules keep the scheduling cost far below the work even for a Coulomb matrix (about a microsecond each).
    private static void ForEachRange(int count, int maxDegreeOfParallelism, Action<int, int> body)
    {
        if (count == 0)
            return;
        if (maxDegreeOfParallelism == 1)
        {
            body(0, count);
            return;
        }
        int workers = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        int rangeSize = Math.Clamp(count / (workers * 16), 1, 256);
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.ForEach(Partitioner.Create(0, count, rangeSize), options, range => body(range.Item1, range.Item2));
    }
}
