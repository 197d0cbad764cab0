using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Greenspace.Learning.Models;

/// <summary>
/// Linear least squares for the few columns of a baseline (element counts, a cheaper fidelity, a constant): the
/// coefficients x that minimise |A x - b|, and among those the shortest, so that a column of zeros or two columns
/// that say the same thing give a definite answer (zero weight on what the data cannot tell apart).
/// </summary>
/// <remarks>
/// Each column is scaled to unit length before a singular value decomposition (MathNet), singular values below
/// 1e-10 of the largest count as zero, and the coefficients are scaled back: element counts (a few atoms) and
/// atomization energies (thousands of kcal/mol) then weigh alike in deciding what is dependent.
/// </remarks>
internal static class LeastSquares
{
    private const double RelativeCutoff = 1e-10;

    /// <param name="columns">The columns of A, each as long as <paramref name="b"/>.</param>
    public static double[] MinimumNorm(IReadOnlyList<double[]> columns, IReadOnlyList<double> b)
    {
        int n = b.Count, k = columns.Count;
        var scale = new double[k];
        var a = Matrix<double>.Build.Dense(n, k);
        for (int j = 0; j < k; j++)
        {
            if (columns[j].Length != n)
                throw new ArgumentException($"column {j} has {columns[j].Length} rows where the right-hand side has {n}");
            double norm = Math.Sqrt(columns[j].Sum(v => v * v));
            scale[j] = norm > 0 ? 1 / norm : 0;
            for (int i = 0; i < n; i++)
                a[i, j] = columns[j][i] * scale[j];
        }
        if (n == 0 || k == 0)
            return new double[k];
        var rhs = Vector<double>.Build.DenseOfEnumerable(b);
        // A tall A is first reduced to its thin QR factors, A = QR with R k x k, whose SVD R = U S Vᵀ is A's: the full
        // SVD of A would build an n x n U (6,771 offsets rows: 367 MB and half a second) for k columns of use.
        Svd<double> svd;
        Vector<double> projected;
        if (n > k)
        {
            var qr = a.QR(QRMethod.Thin);
            svd = qr.R.Svd(computeVectors: true);
            projected = svd.U.TransposeThisAndMultiply(qr.Q.TransposeThisAndMultiply(rhs));
        }
        else
        {
            svd = a.Svd(computeVectors: true);
            projected = svd.U.TransposeThisAndMultiply(rhs);
        }
        var s = svd.S;
        double cutoff = RelativeCutoff * s.Maximum();
        var x = Vector<double>.Build.Dense(k);
        for (int m = 0; m < s.Count; m++)
            if (s[m] > cutoff)
                x += svd.VT.Row(m) * (projected[m] / s[m]);
        return [.. Enumerable.Range(0, k).Select(j => x[j] * scale[j])];
    }
}
