namespace Greenspace.Learning.Representations;

/// <summary>
/// Vectors of a set of molecules as one contiguous row-major matrix: row i is molecule i. Kernels and BLAS read
/// <see cref="Values"/> directly.
/// </summary>
public sealed class FeatureMatrix
{
    public FeatureMatrix(int rows, int columns, double[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (values.Length != (long)rows * columns)
            throw new ArgumentException($"a {rows} x {columns} matrix needs {(long)rows * columns} values, not {values.Length}", nameof(values));
        Rows = rows;
        Columns = columns;
        Values = values;
    }

    public int Rows { get; }
    public int Columns { get; }

    /// <summary>All values, row after row.</summary>
    public double[] Values { get; }

    public Span<double> Row(int row) => Values.AsSpan(row * Columns, Columns);
}
