namespace Greenspace.Learning.LinearAlgebra;

/// <summary>
/// A dense matrix of float64 numbers stored row after row in one contiguous array, the layout that
/// BLAS, spans and SIMD loops all read without copying. Rows are often samples (molecules, atoms) and
/// columns their features; a kernel matrix has one row per sample of one set and one column per sample
/// of another.
/// </summary>
public sealed class Matrix
{
    private readonly double[] _data;

    public Matrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        Rows = rows;
        Columns = columns;
        _data = new double[checked(rows * columns)];
    }

    /// <summary>Wraps <paramref name="rowMajor"/> without copying; it must hold exactly rows x columns numbers.</summary>
    public Matrix(int rows, int columns, double[] rowMajor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (rowMajor.Length != (long)rows * columns)
            throw new ArgumentException($"a {rows}x{columns} matrix needs {(long)rows * columns} numbers, not {rowMajor.Length}", nameof(rowMajor));
        Rows = rows;
        Columns = columns;
        _data = rowMajor;
    }

    public int Rows { get; }
    public int Columns { get; }
    public bool IsSquare => Rows == Columns;

    public ref double this[int row, int column]
    {
        get
        {
            if ((uint)row >= (uint)Rows || (uint)column >= (uint)Columns)
                throw new IndexOutOfRangeException($"({row}, {column}) lies outside a {Rows}x{Columns} matrix");
            return ref _data[row * Columns + column];
        }
    }

    public Span<double> Row(int row) => _data.AsSpan(row * Columns, Columns);

    /// <summary>All numbers, row after row.</summary>
    public Span<double> AsSpan() => _data;

    /// <summary>A matrix whose numbers are whatever the memory held: only for results that overwrite every number they expose.</summary>
    internal static Matrix Uninitialized(int rows, int columns) =>
        new(rows, columns, GC.AllocateUninitializedArray<double>(checked(rows * columns)));

    /// <summary>A matrix whose rows are copies of <paramref name="rows"/>, which must all have one length.</summary>
    public static Matrix FromRows(IReadOnlyList<double[]> rows)
    {
        int columns = rows.Count == 0 ? 0 : rows[0].Length;
        var m = new Matrix(rows.Count, columns);
        for (int i = 0; i < rows.Count; i++)
        {
            if (rows[i].Length != columns)
                throw new ArgumentException($"row {i} has {rows[i].Length} numbers where row 0 has {columns}; give every row the same length", nameof(rows));
            rows[i].CopyTo(m.Row(i));
        }
        return m;
    }

    /// <summary>The n x n identity.</summary>
    public static Matrix Identity(int n)
    {
        var m = new Matrix(n, n);
        for (int i = 0; i < n; i++)
            m._data[i * n + i] = 1;
        return m;
    }

    public Matrix Copy() => new(Rows, Columns, (double[])_data.Clone());

    /// <summary>A new matrix of the chosen rows, in the order given.</summary>
    public Matrix SelectRows(IReadOnlyList<int> rows)
    {
        var m = new Matrix(rows.Count, Columns);
        for (int i = 0; i < rows.Count; i++)
            Row(rows[i]).CopyTo(m.Row(i));
        return m;
    }

    /// <summary>A new matrix of the chosen rows and columns, e.g. one fold's block of a kernel matrix.</summary>
    public Matrix Select(IReadOnlyList<int> rows, IReadOnlyList<int> columns)
    {
        var m = new Matrix(rows.Count, columns.Count);
        for (int i = 0; i < rows.Count; i++)
        {
            var source = Row(rows[i]);
            var target = m.Row(i);
            for (int j = 0; j < target.Length; j++)
                target[j] = source[columns[j]];
        }
        return m;
    }

    /// <summary>Adds <paramref name="value"/> to every diagonal element of a square matrix.</summary>
    public void AddToDiagonal(double value)
    {
        if (!IsSquare)
            throw new InvalidOperationException($"a {Rows}x{Columns} matrix has no diagonal to shift; it must be square");
        for (int i = 0; i < Rows; i++)
            _data[i * Columns + i] += value;
    }

    public double[] Diagonal()
    {
        var d = new double[Math.Min(Rows, Columns)];
        for (int i = 0; i < d.Length; i++)
            d[i] = _data[i * Columns + i];
        return d;
    }

    public override string ToString() => $"{Rows}x{Columns} matrix";
}
