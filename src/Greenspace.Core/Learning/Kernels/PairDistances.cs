using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Kernels;

/// <summary>
/// All pairwise distances between the rows of two matrices: L1 or squared L2, computed directly from the
/// differences (no |x|² + |y|² - 2x·y, whose cancellation would cost digits for close pairs).
/// </summary>
/// <remarks>
/// The work is cut into tiles of <see cref="TileRows"/> x <see cref="TileRows"/> pairs, whose rows stay
/// in the L2 cache while the tile is done, and the tiles are shared over all cores. Inside a tile a
/// 2 x 2 block of pairs is done per pass over the features, so each SIMD load serves two pairs.
/// </remarks>
internal static class PairDistances
{
    private const int TileRows = 48;

    /// <summary>The distance that a kernel kind is a function of.</summary>
    public static Matrix Compute(KernelKind kind, Matrix a, Matrix b) => kind switch
    {
        KernelKind.Laplacian => Compute<L1>(a, b),
        _ => Compute<SquaredL2>(a, b),
    };

    /// <summary>The same for the rows of one matrix with each other (symmetric: half the work, then a mirror).</summary>
    public static Matrix Compute(KernelKind kind, Matrix a)
    {
        var result = UpperTriangle(kind, a);
        MirrorUpperTriangle(result);
        return result;
    }

    /// <summary>
    /// The distances between the rows of one matrix in the upper triangle (j ≥ i) only; what lies below the
    /// diagonal is unspecified. Enough for a Cholesky factor, which reads one triangle.
    /// </summary>
    public static Matrix UpperTriangle(KernelKind kind, Matrix a) => kind switch
    {
        KernelKind.Laplacian => Upper<L1>(a),
        _ => Upper<SquaredL2>(a),
    };

    /// <summary>Copies the upper triangle onto the lower one, in cache-sized blocks on all cores.</summary>
    public static void MirrorUpperTriangle(Matrix m)
    {
        int tiles = Tiles(m.Rows);
        Parallel.For(0, tiles, ti =>
        {
            int i0 = ti * TileRows, i1 = Math.Min(m.Rows, i0 + TileRows);
            for (int tj = 0; tj <= ti; tj++)
            {
                int j0 = tj * TileRows, j1 = Math.Min(m.Rows, j0 + TileRows);
                for (int i = i0; i < i1; i++)
                {
                    var row = m.Row(i);
                    for (int j = j0; j < Math.Min(j1, i); j++)
                        row[j] = m[j, i];
                }
            }
        });
    }

    /// <summary>One distance between two vectors of equal length.</summary>
    public static double Between(KernelKind kind, ReadOnlySpan<double> x, ReadOnlySpan<double> y) => kind switch
    {
        KernelKind.Laplacian => One<L1>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length),
        _ => One<SquaredL2>(ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(y), x.Length),
    };

    private static Matrix Compute<T>(Matrix a, Matrix b) where T : struct, IMetric
    {
        RequireSameLength(a, b);
        var result = Matrix.Uninitialized(a.Rows, b.Rows);
        int tilesA = Tiles(a.Rows), tilesB = Tiles(b.Rows);
        Parallel.For(0, tilesA * tilesB, t =>
        {
            int ti = t / tilesB, tj = t % tilesB;
            Tile<T>(a, ti * TileRows, Math.Min(a.Rows, (ti + 1) * TileRows), b, tj * TileRows, Math.Min(b.Rows, (tj + 1) * TileRows), result);
        });
        return result;
    }

    private static Matrix Upper<T>(Matrix a) where T : struct, IMetric
    {
        var result = Matrix.Uninitialized(a.Rows, a.Rows);
        int tiles = Tiles(a.Rows);
        // Tile pairs (ti, tj) with ti <= tj: number t walks the triangle, tj = the triangular root of t.
        Parallel.For(0, tiles * (tiles + 1) / 2, t =>
        {
            int tj = (int)((Math.Sqrt(8.0 * t + 1) - 1) / 2);
            while (tj * (tj + 1) / 2 > t) tj--;
            while ((tj + 1) * (tj + 2) / 2 <= t) tj++;
            int ti = t - tj * (tj + 1) / 2;
            Tile<T>(a, ti * TileRows, Math.Min(a.Rows, (ti + 1) * TileRows), a, tj * TileRows, Math.Min(a.Rows, (tj + 1) * TileRows), result);
        });
        return result;
    }

    // Hot loops: compiled fully optimised at once, so that a single large call never runs unoptimised code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile<T>(Matrix a, int i0, int i1, Matrix b, int j0, int j1, Matrix result) where T : struct, IMetric
    {
        int d = a.Columns, n = result.Columns;
        ref double rowsA = ref MemoryMarshal.GetReference(a.AsSpan());
        ref double rowsB = ref MemoryMarshal.GetReference(b.AsSpan());
        ref double output = ref MemoryMarshal.GetReference(result.AsSpan());
        int i = i0;
        for (; i + 1 < i1; i += 2)
        {
            ref double x0 = ref Unsafe.Add(ref rowsA, (nint)i * d);
            ref double x1 = ref Unsafe.Add(ref x0, d);
            ref double out0 = ref Unsafe.Add(ref output, (nint)i * n);
            ref double out1 = ref Unsafe.Add(ref out0, n);
            int j = j0;
            for (; j + 1 < j1; j += 2)
            {
                ref double y0 = ref Unsafe.Add(ref rowsB, (nint)j * d);
                Four<T>(ref x0, ref x1, ref y0, ref Unsafe.Add(ref y0, d), d,
                    out Unsafe.Add(ref out0, j), out Unsafe.Add(ref out0, j + 1), out Unsafe.Add(ref out1, j), out Unsafe.Add(ref out1, j + 1));
            }
            if (j < j1)
            {
                ref double y = ref Unsafe.Add(ref rowsB, (nint)j * d);
                Unsafe.Add(ref out0, j) = One<T>(ref x0, ref y, d);
                Unsafe.Add(ref out1, j) = One<T>(ref x1, ref y, d);
            }
        }
        if (i < i1)
        {
            ref double x = ref Unsafe.Add(ref rowsA, (nint)i * d);
            ref double out0 = ref Unsafe.Add(ref output, (nint)i * n);
            for (int j = j0; j < j1; j++)
                Unsafe.Add(ref out0, j) = One<T>(ref x, ref Unsafe.Add(ref rowsB, (nint)j * d), d);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four<T>(ref double x0, ref double x1, ref double y0, ref double y1, int d,
        out double d00, out double d01, out double d10, out double d11) where T : struct, IMetric
    {
        Vector<double> s00 = default, s01 = default, s10 = default, s11 = default;
        int w = Vector<double>.Count, k = 0;
        for (; k <= d - w; k += w)
        {
            var u0 = Vector.LoadUnsafe(ref x0, (nuint)k);
            var u1 = Vector.LoadUnsafe(ref x1, (nuint)k);
            var v0 = Vector.LoadUnsafe(ref y0, (nuint)k);
            var v1 = Vector.LoadUnsafe(ref y1, (nuint)k);
            s00 = T.Add(s00, u0, v0);
            s01 = T.Add(s01, u0, v1);
            s10 = T.Add(s10, u1, v0);
            s11 = T.Add(s11, u1, v1);
        }
        double a00 = Vector.Sum(s00), a01 = Vector.Sum(s01), a10 = Vector.Sum(s10), a11 = Vector.Sum(s11);
        for (; k < d; k++)
        {
            double u0 = Unsafe.Add(ref x0, k), u1 = Unsafe.Add(ref x1, k), v0 = Unsafe.Add(ref y0, k), v1 = Unsafe.Add(ref y1, k);
            a00 = T.Add(a00, u0, v0);
            a01 = T.Add(a01, u0, v1);
            a10 = T.Add(a10, u1, v0);
            a11 = T.Add(a11, u1, v1);
        }
        d00 = a00;
        d01 = a01;
        d10 = a10;
        d11 = a11;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static double One<T>(ref double x, ref double y, int d) where T : struct, IMetric
    {
        Vector<double> s = default;
        int w = Vector<double>.Count, k = 0;
        for (; k <= d - w; k += w)
            s = T.Add(s, Vector.LoadUnsafe(ref x, (nuint)k), Vector.LoadUnsafe(ref y, (nuint)k));
        double sum = Vector.Sum(s);
        for (; k < d; k++)
            sum = T.Add(sum, Unsafe.Add(ref x, k), Unsafe.Add(ref y, k));
        return sum;
    }

    private static int Tiles(int rows) => (rows + TileRows - 1) / TileRows;

    private static void RequireSameLength(Matrix a, Matrix b)
    {
        if (a.Columns != b.Columns)
            throw new LearningInputException($"feature vectors of length {a.Columns} cannot be compared with vectors of length {b.Columns}; compute both with the same representation settings");
    }

    /// <summary>One step of a distance: the running sum plus the contribution of x and y.</summary>
    private interface IMetric
    {
        static abstract Vector<double> Add(Vector<double> sum, Vector<double> x, Vector<double> y);
        static abstract double Add(double sum, double x, double y);
    }

    private readonly struct L1 : IMetric
    {
        public static Vector<double> Add(Vector<double> sum, Vector<double> x, Vector<double> y) => sum + Vector.Abs(x - y);
        public static double Add(double sum, double x, double y) => sum + Math.Abs(x - y);
    }

    private readonly struct SquaredL2 : IMetric
    {
        public static Vector<double> Add(Vector<double> sum, Vector<double> x, Vector<double> y)
        {
            var difference = x - y;
            return Vector.FusedMultiplyAdd(difference, difference, sum);
        }

        public static double Add(double sum, double x, double y)
        {
            double difference = x - y;
            return Math.FusedMultiplyAdd(difference, difference, sum);
        }
    }
}
