using System.Collections.Immutable;
using Greenspace.Learning.Kernels;

namespace Greenspace.Learning.Models;

/// <summary>The kernel widths and regularisers a search tries, every width with every λ.</summary>
public sealed record HyperparameterGrid
{
    public HyperparameterGrid(KernelKind kind, IEnumerable<double> widths, IEnumerable<double> lambdas)
    {
        Kind = kind;
        Widths = [.. widths];
        Lambdas = [.. lambdas];
        if (Widths.IsEmpty || Lambdas.IsEmpty)
            throw new LearningInputException("a hyperparameter grid needs at least one width and one lambda");
        foreach (var w in Widths)
            _ = new Kernel(kind, w);
        foreach (var l in Lambdas)
            _ = new Hyperparameters(new Kernel(kind, Widths[0]), l);
    }

    public KernelKind Kind { get; }
    public ImmutableArray<double> Widths { get; }
    public ImmutableArray<double> Lambdas { get; }

    public IEnumerable<Hyperparameters> Points =>
        from w in Widths from l in Lambdas select new Hyperparameters(new Kernel(Kind, w), l);

    /// <summary>A grid evenly spaced in log space between (and including) the given ends.</summary>
    public static HyperparameterGrid LogSpaced(KernelKind kind, double smallestWidth, double largestWidth, int widthCount,
        double smallestLambda, double largestLambda, int lambdaCount) =>
        new(kind, LogSpace(smallestWidth, largestWidth, widthCount), LogSpace(smallestLambda, largestLambda, lambdaCount));

    private static IEnumerable<double> LogSpace(double from, double to, int count)
    {
        if (count < 1 || !(from > 0) || !(to >= from))
            throw new LearningInputException($"a log-spaced range needs 0 < from <= to and at least one point, not {from} to {to} in {count}");
        if (count == 1)
            return [from];
        double step = Math.Log(to / from) / (count - 1);
        return Enumerable.Range(0, count).Select(i => from * Math.Exp(i * step));
    }
}
