using System.Runtime.InteropServices;
using static Greenspace.Learning.LinearAlgebra.OpenBlasNative;

namespace Greenspace.Learning.LinearAlgebra;

/// <summary>
/// Matrix products from OpenBLAS (dgemm, dgemv, dsyrk) on row-major <see cref="Matrix"/> values, with the
/// shapes checked here so that a mismatch is a sentence and never a read past an array.
/// </summary>
public static class Blas
{
    /// <summary>C = alpha op(A) op(B) + beta C, where op transposes when asked (dgemm).</summary>
    public static void Gemm(double alpha, Matrix a, bool transposeA, Matrix b, bool transposeB, double beta, Matrix c)
    {
        var (m, k) = transposeA ? (a.Columns, a.Rows) : (a.Rows, a.Columns);
        var (kb, n) = transposeB ? (b.Columns, b.Rows) : (b.Rows, b.Columns);
        if (k != kb || c.Rows != m || c.Columns != n)
            throw new ArgumentException($"cannot multiply {Shape(a, transposeA)} by {Shape(b, transposeB)} into a {c.Rows}x{c.Columns} matrix");
        if (m == 0 || n == 0)
            return;
        if (k == 0)
        {
            Scale(c.AsSpan(), beta);
            return;
        }
        OpenBlas.EnsureLoaded();
        Dgemm(RowMajor, transposeA ? Transpose : NoTranspose, transposeB ? Transpose : NoTranspose, m, n, k,
            alpha, ref First(a), a.Columns, ref First(b), b.Columns, beta, ref First(c), c.Columns);
    }

    /// <summary>The product A B (or with either transposed) as a new matrix.</summary>
    public static Matrix Multiply(Matrix a, Matrix b, bool transposeA = false, bool transposeB = false)
    {
        var c = new Matrix(transposeA ? a.Columns : a.Rows, transposeB ? b.Rows : b.Columns);
        Gemm(1, a, transposeA, b, transposeB, 0, c);
        return c;
    }

    /// <summary>y = A x (dgemv).</summary>
    public static void Multiply(Matrix a, ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.Length != a.Columns || y.Length != a.Rows)
            throw new ArgumentException($"cannot multiply a {a.Rows}x{a.Columns} matrix by a vector of {x.Length} into one of {y.Length}");
        if (a.Rows == 0)
            return;
        if (a.Columns == 0)
        {
            y.Clear();
            return;
        }
        OpenBlas.EnsureLoaded();
        Dgemv(RowMajor, NoTranspose, a.Rows, a.Columns, 1, ref First(a), a.Columns,
            ref MemoryMarshal.GetReference(x), 1, 0, ref MemoryMarshal.GetReference(y), 1);
    }

    /// <summary>The Gram matrix A Aᵀ of the rows of A (dsyrk), both triangles filled.</summary>
    public static Matrix Gram(Matrix a)
    {
        int n = a.Rows;
        var c = new Matrix(n, n);
        if (n == 0 || a.Columns == 0)
            return c;
        OpenBlas.EnsureLoaded();
        Dsyrk(RowMajor, Upper, NoTranspose, n, a.Columns, 1, ref First(a), a.Columns, 0, ref First(c), n);
        for (int i = 1; i < n; i++)
            for (int j = 0; j < i; j++)
                c[i, j] = c[j, i];
        return c;
    }

    internal static ref double First(Matrix m) => ref MemoryMarshal.GetReference(m.AsSpan());

    private static void Scale(Span<double> values, double factor)
    {
        if (factor == 0)
            values.Clear();
        else
            System.Numerics.Tensors.TensorPrimitives.Multiply(values, factor, values);
    }

    private static string Shape(Matrix m, bool transposed) =>
        transposed ? $"the transpose of a {m.Rows}x{m.Columns} matrix" : $"a {m.Rows}x{m.Columns} matrix";
}
