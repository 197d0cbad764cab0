using System.Runtime.InteropServices;
using static Greenspace.Learning.LinearAlgebra.OpenBlasNative;

namespace Greenspace.Learning.LinearAlgebra;

/// <summary>
/// The Cholesky factor L of a symmetric positive-definite matrix A = L Lᵀ, from LAPACK's dpotrf in
/// OpenBLAS, and the solves it makes cheap: A x = b (dpotrs), L v = k (dtrsm, for predictive variances)
/// and log det A.
/// </summary>
/// <remarks>
/// LAPACK is column-major and our <see cref="Matrix"/> row-major. A symmetric matrix reads the same both
/// ways, so the row-major buffer goes to LAPACK as it is; LAPACK writes L into what it sees as the lower
/// triangle, which is the upper triangle of our rows (so row i of the buffer holds column i of L).
/// Right-hand sides stored one per row are, seen column-major, one per column: again no copy.
/// </remarks>
public sealed class CholeskyFactor
{
    private const byte LowerTriangle = (byte)'L';
    private readonly Matrix _factor;

    private CholeskyFactor(Matrix factor) => _factor = factor;

    public int Order => _factor.Rows;

    /// <summary>The factor's own storage (L in the upper triangle of the rows; below it, whatever the factored matrix held), for saving a model.</summary>
    internal Matrix Storage => _factor;

    /// <summary>A factor from storage laid out as <see cref="Storage"/>, e.g. read back from a saved model; only its upper triangle is read.</summary>
    internal static CholeskyFactor FromStorage(Matrix storage) =>
        storage.IsSquare ? new CholeskyFactor(storage) : throw new ArgumentException($"a Cholesky factor is square, not {storage.Rows}x{storage.Columns}", nameof(storage));

    /// <summary>Factors a copy of <paramref name="symmetric"/>, which is left as it was.</summary>
    /// <exception cref="NotPositiveDefiniteException">when the matrix is not positive definite.</exception>
    public static CholeskyFactor Factor(Matrix symmetric) => FactorInPlace(symmetric.Copy());

    /// <summary>
    /// Factors <paramref name="symmetric"/> in its own storage, which the factor then owns: the caller
    /// must not use or change the matrix afterwards. Saves a copy of a large kernel matrix.
    /// Only the upper triangle (of the row-major storage) is read.
    /// </summary>
    /// <exception cref="NotPositiveDefiniteException">when the matrix is not positive definite.</exception>
    public static CholeskyFactor FactorInPlace(Matrix symmetric)
    {
        if (!symmetric.IsSquare)
            throw new ArgumentException($"a Cholesky factor needs a square matrix, not a {symmetric.Rows}x{symmetric.Columns} one", nameof(symmetric));
        int n = symmetric.Rows;
        if (n > 0)
        {
            OpenBlas.EnsureLoaded();
            int lda = n;
            byte uplo = LowerTriangle;
            Dpotrf(ref uplo, ref n, ref Blas.First(symmetric), ref lda, out int info, 1);
            if (info > 0)
                throw new NotPositiveDefiniteException(n, info);
            if (info < 0)
                throw new InvalidOperationException($"dpotrf rejected its argument {-info}; this is a bug in Greenspace");
        }
        return new CholeskyFactor(symmetric);
    }

    /// <summary>Overwrites <paramref name="rhs"/> (b) with the solution x of A x = b.</summary>
    public void Solve(Span<double> rhs)
    {
        if (rhs.Length != Order)
            throw new ArgumentException($"the right-hand side has {rhs.Length} numbers where the {Order}x{Order} system needs {Order}", nameof(rhs));
        SolveColumns(ref MemoryMarshal.GetReference(rhs), 1);
    }

    /// <summary>Overwrites each row b of <paramref name="rhsRows"/> with the solution x of A x = b.</summary>
    public void Solve(Matrix rhsRows)
    {
        if (rhsRows.Columns != Order)
            throw new ArgumentException($"each right-hand side has {rhsRows.Columns} numbers where the {Order}x{Order} system needs {Order}", nameof(rhsRows));
        if (rhsRows.Rows > 0)
            SolveColumns(ref Blas.First(rhsRows), rhsRows.Rows);
    }

    /// <summary>
    /// Overwrites each row k of <paramref name="rows"/> with v = L⁻¹ k, so that vᵀv = kᵀ A⁻¹ k: the term a
    /// Gaussian process subtracts from its prior variance, for many test points in one dtrsm call.
    /// </summary>
    public void SolveLower(Matrix rows)
    {
        if (rows.Columns != Order)
            throw new ArgumentException($"each row has {rows.Columns} numbers where the factor of order {Order} needs {Order}", nameof(rows));
        if (Order == 0 || rows.Rows == 0)
            return;
        OpenBlas.EnsureLoaded();
        Dtrsm(ColumnMajor, Left, OpenBlasNative.Lower, NoTranspose, NonUnit, Order, rows.Rows, 1,
            ref Blas.First(_factor), Order, ref Blas.First(rows), Order);
    }

    /// <summary>The diagonal of A⁻¹, (A⁻¹)_ii = |L⁻¹e_i|², from one triangular solve of the identity (n³/3 flops).</summary>
    public double[] InverseDiagonal()
    {
        var columns = new Matrix(Order, Order);
        for (int i = 0; i < Order; i++)
            columns[i, i] = 1;
        SolveLower(columns);
        var diagonal = new double[Order];
        for (int i = 0; i < Order; i++)
        {
            var below = columns.Row(i)[i..]; // L⁻¹ is lower triangular: L⁻¹e_i is zero above i
            diagonal[i] = System.Numerics.Tensors.TensorPrimitives.Dot<double>(below, below);
        }
        return diagonal;
    }

    /// <summary>log det A = 2 Σ log L_ii, for the Gaussian-process marginal likelihood.</summary>
    public double LogDeterminant()
    {
        double sum = 0;
        for (int i = 0; i < Order; i++)
            sum += Math.Log(_factor[i, i]);
        return 2 * sum;
    }

    /// <summary>L as a row-major matrix with zeros above the diagonal.</summary>
    public Matrix Lower()
    {
        var l = new Matrix(Order, Order);
        for (int i = 0; i < Order; i++)
            for (int j = 0; j <= i; j++)
                l[i, j] = _factor[j, i];
        return l;
    }

    private void SolveColumns(ref double b, int count)
    {
        if (Order == 0)
            return;
        OpenBlas.EnsureLoaded();
        int n = Order, nrhs = count, lda = n, ldb = n;
        byte uplo = LowerTriangle;
        Dpotrs(ref uplo, ref n, ref nrhs, ref Blas.First(_factor), ref lda, ref b, ref ldb, out int info, 1);
        if (info != 0)
            throw new InvalidOperationException($"dpotrs rejected its argument {-info}; this is a bug in Greenspace");
    }
}
