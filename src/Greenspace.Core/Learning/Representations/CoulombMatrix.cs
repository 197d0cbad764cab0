using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// The sorted Coulomb matrix of Rupp, Tkatchenko, Mueller and von Lilienfeld, Phys. Rev. Lett. 108, 058301 (2012),
/// Eq. (1):
/// <code>
///   M_ii = 0.5 Z_i^2.4          M_ij = Z_i Z_j / |R_i - R_j|   (i != j)
/// </code>
/// with the atoms ordered by descending row norm ||M_i|| (Montavon et al., NIPS 2012), which makes it invariant to
/// atom order; zero-padded to <see cref="Size"/> atoms (23 for QM7) and packed as the lower triangle row by row
/// (M_00, M_10, M_11, M_20, ...), the same values in the same order as qmlcode's
/// <c>generate_coulomb_matrix(..., sorting="row-norm")</c>. Ties in the row norm keep the later atom first, as
/// qmlcode's selection does; only an exact tie can reorder, and equal rows give the same matrix either way.
/// </summary>
/// <remarks>
/// Distances are in angstrom, as qmlcode computes them from QM7's xyz files, so kernel widths published with qmlcode
/// apply unchanged. (In bohr every off-diagonal element would be 1.89 times larger; the diagonal, a fit of the free
/// atom's energy in Hartree, does not depend on the unit.)
/// </remarks>
public sealed class CoulombMatrix : IGlobalRepresentation
{
    /// <summary>QM7's largest molecule has 23 atoms.</summary>
    public const int Qm7Size = 23;

    public CoulombMatrix(int size = Qm7Size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
    }

    /// <summary>Largest number of atoms the matrix holds; smaller molecules are padded with zeros.</summary>
    public int Size { get; }

    public string Name => $"Coulomb matrix ({Size} atoms)";

    public int Length => Size * (Size + 1) / 2;

    public string? Problem(Molecule molecule) =>
        molecule.AtomCount > Size ? $"it has {molecule.AtomCount} atoms, more than the matrix size {Size}; make the Coulomb matrix with a size of at least {molecule.AtomCount}" : null;

    public void Write(Molecule molecule, Span<double> destination)
    {
        Featurisation.CheckWrite(Name, Problem, molecule, destination.Length, Length);
        int n = molecule.AtomCount;
        var z = molecule.AtomicNumbers.AsSpan();
        var r = molecule.PositionsAngstrom.AsSpan();
        Span<double> m = n <= 64 ? stackalloc double[n * n] : new double[n * n];
        Span<double> rowNorm = n <= 64 ? stackalloc double[n] : new double[n];
        Span<int> order = n <= 64 ? stackalloc int[n] : new int[n];

        for (int i = 0; i < n; i++)
        {
            double diagonal = 0.5 * Math.Pow(z[i], 2.4);
            m[i * n + i] = diagonal;
            rowNorm[i] += diagonal * diagonal;
            for (int j = i + 1; j < n; j++)
            {
                double dx = r[i].X - r[j].X, dy = r[i].Y - r[j].Y, dz = r[i].Z - r[j].Z;
                double value = z[i] * z[j] / Math.Sqrt(dx * dx + dy * dy + dz * dz);
                m[i * n + j] = value;
                m[j * n + i] = value;
                double square = value * value;
                rowNorm[i] += square;
                rowNorm[j] += square;
            }
        }

        // Insertion sort: at most a few dozen atoms. Descending norm; on a tie the higher index first.
        for (int i = 0; i < n; i++)
        {
            int k = i;
            while (k > 0 && Before(i, order[k - 1], rowNorm))
            {
                order[k] = order[k - 1];
                k--;
            }
            order[k] = i;
        }

        destination.Clear();
        int index = 0;
        for (int a = 0; a < n; a++)
        {
            int rowStart = order[a] * n;
            for (int b = 0; b <= a; b++)
                destination[index++] = m[rowStart + order[b]];
        }
    }

    private static bool Before(int atom, int other, ReadOnlySpan<double> rowNorm) =>
        rowNorm[atom] > rowNorm[other] || (rowNorm[atom] == rowNorm[other] && atom > other);
}
