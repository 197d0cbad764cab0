using Greenspace.Learning.LinearAlgebra;
using MathNetMatrix = MathNet.Numerics.LinearAlgebra.Matrix<double>;

namespace Greenspace.Tests.Learning;

/// <summary>OpenBLAS through P/Invoke against naive loops and MathNet's managed (independent) implementation.</summary>
public class LinearAlgebraTests
{
    [Fact]
    public void OpenBlasLoadsAndUsesEveryCore()
    {
        Assert.True(OpenBlas.IsAvailable(out var reason), reason);
        Assert.Contains("OpenBLAS", OpenBlas.Configuration);
        Assert.Equal(Environment.ProcessorCount, OpenBlas.ThreadCount);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(400)]
    public void CholeskyOfARandomSpdMatrixReconstructsIt(int n)
    {
        var a = RandomSpd(n, seed: n);
        var l = CholeskyFactor.Factor(a).Lower();
        double largest = a.AsSpan().ToArray().Max(Math.Abs), worst = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k <= Math.Min(i, j); k++)
                    sum += l[i, k] * l[j, k];
                worst = Math.Max(worst, Math.Abs(sum - a[i, j]));
            }
        Assert.True(worst <= 1e-10 * largest, $"|L Lᵀ - A| reaches {worst:E2} against |A| = {largest:E2}");
    }

    [Fact]
    public void SolvesAgreeWithMathNetsManagedCholesky()
    {
        const int n = 60;
        var a = RandomSpd(n, seed: 3);
        var random = new Random(4);
        var b = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var factor = CholeskyFactor.Factor(a);

        var x = (double[])b.Clone();
        factor.Solve(x);
        var managed = MathNetMatrix.Build.DenseOfArray(ToArray(a)).Cholesky();
        var expected = managed.Solve(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(b));
        for (int i = 0; i < n; i++)
            Assert.Equal(expected[i], x[i], 1e-12);
        Assert.Equal(managed.DeterminantLn, factor.LogDeterminant(), 1e-9);

        // Several right-hand sides stored as rows, and the lower solve used for variances.
        var rows = new Matrix(2, n);
        b.CopyTo(rows.Row(0));
        b.Select(v => 2 * v).ToArray().CopyTo(rows.Row(1));
        factor.Solve(rows);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], rows[0, i], 1e-12);
            Assert.Equal(2 * expected[i], rows[1, i], 1e-12);
        }
        var v = new Matrix(1, n);
        b.CopyTo(v.Row(0));
        factor.SolveLower(v);
        double quadratic = 0, vv = 0;
        for (int i = 0; i < n; i++)
        {
            quadratic += b[i] * x[i];
            vv += v[0, i] * v[0, i];
        }
        Assert.Equal(quadratic, vv, 1e-12);
    }

    [Fact]
    public void AMatrixThatIsNotPositiveDefiniteGetsOneSentence()
    {
        // Leading minors 1, 1 - 4 = -3, ...: the second is the first that is not positive.
        var a = new Matrix(3, 3, [1, 2, 0, 2, 1, 0, 0, 0, 4]);
        var e = Assert.Throws<NotPositiveDefiniteException>(() => CholeskyFactor.Factor(a));
        Assert.Equal(2, e.FailedMinor);
        Assert.Equal("the 3x3 matrix is not positive definite (its leading minor of order 2 is not positive); "
            + "raise the regulariser lambda, or look for duplicate samples or non-finite features", e.Message);
    }

    [Fact]
    public void ProductsMatchNaiveLoops()
    {
        var random = new Random(5);
        var a = RandomMatrix(37, 19, random);
        var b = RandomMatrix(19, 23, random);
        var c = Blas.Multiply(a, b);
        var ct = Blas.Multiply(b, a, transposeA: true, transposeB: true);
        var gram = Blas.Gram(a);
        var y = new double[37];
        Blas.Multiply(a, b.Row(0)[..19], y);
        for (int i = 0; i < 37; i++)
        {
            double yi = 0;
            for (int k = 0; k < 19; k++)
                yi += a[i, k] * b[0, k];
            Assert.Equal(yi, y[i], 1e-13);
            for (int j = 0; j < 23; j++)
            {
                double sum = 0;
                for (int k = 0; k < 19; k++)
                    sum += a[i, k] * b[k, j];
                Assert.Equal(sum, c[i, j], 1e-13);
                Assert.Equal(sum, ct[j, i], 1e-13);
            }
            for (int j = 0; j < 37; j++)
            {
                double sum = 0;
                for (int k = 0; k < 19; k++)
                    sum += a[i, k] * a[j, k];
                Assert.Equal(sum, gram[i, j], 1e-13);
            }
        }
        Assert.Throws<ArgumentException>(() => Blas.Multiply(a, a));
    }

    internal static Matrix RandomSpd(int n, int seed)
    {
        var b = RandomMatrix(n, n, new Random(seed));
        var a = new Matrix(n, n);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                    sum += b[i, k] * b[j, k];
                a[i, j] = sum;
            }
        a.AddToDiagonal(n);
        return a;
    }

    private static Matrix RandomMatrix(int rows, int columns, Random random)
    {
        var m = new Matrix(rows, columns);
        foreach (ref var x in m.AsSpan())
            x = random.NextDouble() - 0.5;
        return m;
    }

    private static double[,] ToArray(Matrix m)
    {
        var a = new double[m.Rows, m.Columns];
        for (int i = 0; i < m.Rows; i++)
            for (int j = 0; j < m.Columns; j++)
                a[i, j] = m[i, j];
        return a;
    }
}
