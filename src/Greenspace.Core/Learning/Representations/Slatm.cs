using System.Collections.Immutable;
using System.Numerics;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// SLATM, the spectrum of London and Axilrod-Teller-Muto potentials (Huang and von Lilienfeld, arXiv:1707.04146;
/// Nat. Chem. 12, 945 (2020)), global form, as its authors' code qmlcode (<c>get_slatm_mbtypes</c>,
/// <c>generate_slatm</c>, <c>fslatm.f90</c>) computes it with its defaults. The vector concatenates, for the
/// many-body types fitted on a dataset:
/// <list type="bullet">
/// <item>one-body, per element I: Z_I times the number of atoms of I;</item>
/// <item>two-body, per element pair IJ, on a grid r = 0.1 ... 4.8 angstrom (157 points, spacing about 0.03):
/// sum over pairs closer than r_cut of Z_I Z_J / r^6 g(r - r_ij) dr, a normalised Gaussian of width 0.05 angstrom
/// (the London potential spread into a spectrum);</item>
/// <item>three-body, per triple I-J-K with J at the vertex, on an angle grid -20 ... 200 degrees (128 points,
/// about 0.03 rad): sum over triples with all three distances within r_cut of
/// Z_I Z_J Z_K / 3 (1 + cos(theta) cos(theta_i) cos(theta_k)) / (r_ij r_jk r_ik)^3 g(theta - theta_j) dtheta,
/// Gaussian width 0.05 rad (the Axilrod-Teller-Muto potential with the vertex angle spread into a spectrum).</item>
/// </list>
/// Defaults (qmlcode's): sigmas 0.05, 0.05; grid spacings 0.03, 0.03; r_cut 4.8 angstrom; London power 6. As in
/// qmlcode, each grid holds int(range / spacing) + 1 evenly spaced points (real spacing 0.03013 angstrom and
/// 0.03023 rad) while each point is weighted by the nominal 0.03.
/// </summary>
/// <remarks>
/// The many-body types are the representation's fitted state (qmlcode's <c>get_slatm_mbtypes</c>): every element and
/// element pair of the dataset, and every triple whose element counts do not exceed the largest count of that
/// element in one molecule. Types come in ascending atomic number where qmlcode walks a Python set; the values per
/// type are qmlcode's. A triple of a type outside the fitted set contributes nothing, as in qmlcode; an element
/// outside it is refused.
/// </remarks>
public sealed class Slatm : IGlobalRepresentation
{
    /// <summary>One many-body type's place in the vector: [Z] one value, [Z1, Z2] a distance spectrum, [Z1, Z2, Z3] (vertex Z2) an angle spectrum.</summary>
    public sealed record Block(ImmutableArray<int> Type, int Offset, int Length)
    {
        public override string ToString() => string.Join("-", Type.Select(Elements.Symbol));
    }

    public const double SigmaTwoBodyAngstrom = 0.05;
    public const double SigmaThreeBodyRadian = 0.05;
    public const double GridSpacingTwoBodyAngstrom = 0.03;
    public const double GridSpacingThreeBodyRadian = 0.03;
    public const double CutoffAngstrom = 4.8;
    public const double LondonPower = 6;
    /// <summary>First point of the distance grid (qmlcode's r0).</summary>
    public const double GridStartAngstrom = 0.1;

    private readonly int[] _elements;
    private readonly int[] _elementIndex;   // atomic number -> index into _elements, -1 when unknown
    private readonly int[] _oneBodyOffset;  // element index -> offset
    private readonly int[] _twoBodyOffset;  // (a, b) element indices -> offset
    private readonly int[] _threeBodyOffset; // (a, vertex, c) element indices -> offset, -1 when not a fitted type
    private readonly double[] _distanceGrid;
    private readonly double[] _londonWeight; // dr / r^6 times the Gaussian normalisation, per distance grid point
    private readonly double[] _angleGrid;
    private readonly double[] _cosAngleGrid;

    /// <summary>SLATM for the elements in <paramref name="largestCountPerElement"/>, each mapped to the most atoms of it one molecule holds.</summary>
    public Slatm(IReadOnlyDictionary<int, int> largestCountPerElement)
    {
        if (largestCountPerElement.Count == 0)
            throw new ArgumentException("SLATM needs at least one element", nameof(largestCountPerElement));
        _elements = [.. largestCountPerElement.Keys.Order()];
        LargestCountPerElement = largestCountPerElement.ToDictionary();
        int ne = _elements.Length;
        _elementIndex = new int[Elements.MaxAtomicNumber + 1];
        Array.Fill(_elementIndex, -1);
        for (int e = 0; e < ne; e++)
        {
            if (_elements[e] is < 1 or > Elements.MaxAtomicNumber)
                throw new ArgumentException($"{_elements[e]} is no atomic number", nameof(largestCountPerElement));
            _elementIndex[_elements[e]] = e;
        }

        _distanceGrid = Grid(GridStartAngstrom, CutoffAngstrom, (int)((CutoffAngstrom - GridStartAngstrom) / GridSpacingTwoBodyAngstrom) + 1);
        double angleStart = -20.0 * Math.PI / 180.0, angleEnd = Math.PI + 20.0 * Math.PI / 180.0;
        _angleGrid = Grid(angleStart, angleEnd, (int)((angleEnd - angleStart) / GridSpacingThreeBodyRadian) + 1);
        _cosAngleGrid = Array.ConvertAll(_angleGrid, Math.Cos);
        double twoBodyNormalisation = 1.0 / Math.Sqrt(2 * SigmaTwoBodyAngstrom * SigmaTwoBodyAngstrom * Math.PI);
        _londonWeight = Array.ConvertAll(_distanceGrid, r => twoBodyNormalisation / Math.Pow(r, LondonPower) * GridSpacingTwoBodyAngstrom);

        // qmlcode's get_slatm_mbtypes: elements, then pairs (like pairs first, then combinations), then triples.
        var pairs = new List<int[]>();
        foreach (int z in _elements)
            pairs.Add([z, z]);
        for (int a = 0; a < ne; a++)
            for (int b = a + 1; b < ne; b++)
                pairs.Add([_elements[a], _elements[b]]);
        var triples = new List<int[]>();
        foreach (int i in _elements)
            foreach (var pair in pairs)
            {
                int j = pair[0], k = pair[1];
                foreach (int[] triple in (int[][])[[i, j, k], [i, k, j], [j, i, k]])
                {
                    bool known = triples.Exists(t => (t[0] == triple[0] && t[1] == triple[1] && t[2] == triple[2]) || (t[0] == triple[2] && t[1] == triple[1] && t[2] == triple[0]));
                    bool fits = Array.TrueForAll(_elements, z => triple.Count(x => x == z) <= largestCountPerElement[z]);
                    if (!known && fits)
                        triples.Add(triple);
                }
            }

        var blocks = new List<Block>();
        int offset = 0;
        _oneBodyOffset = new int[ne];
        for (int e = 0; e < ne; e++)
        {
            blocks.Add(new Block([_elements[e]], offset, 1));
            _oneBodyOffset[e] = offset++;
        }
        _twoBodyOffset = new int[ne * ne];
        foreach (var pair in pairs)
        {
            int a = _elementIndex[pair[0]], b = _elementIndex[pair[1]];
            blocks.Add(new Block([.. pair], offset, _distanceGrid.Length));
            _twoBodyOffset[a * ne + b] = _twoBodyOffset[b * ne + a] = offset;
            offset += _distanceGrid.Length;
        }
        _threeBodyOffset = new int[ne * ne * ne];
        Array.Fill(_threeBodyOffset, -1);
        foreach (var triple in triples)
        {
            int a = _elementIndex[triple[0]], v = _elementIndex[triple[1]], c = _elementIndex[triple[2]];
            blocks.Add(new Block([.. triple], offset, _angleGrid.Length));
            _threeBodyOffset[(a * ne + v) * ne + c] = _threeBodyOffset[(c * ne + v) * ne + a] = offset;
            offset += _angleGrid.Length;
        }
        Blocks = blocks;
        Length = offset;
    }

    /// <summary>SLATM with the many-body types of <paramref name="molecules"/> (qmlcode's <c>get_slatm_mbtypes</c>).</summary>
    public static Slatm Fit(IEnumerable<Molecule> molecules)
    {
        var largest = new Dictionary<int, int>();
        var counts = new Dictionary<int, int>();
        foreach (var molecule in molecules)
        {
            counts.Clear();
            foreach (int z in molecule.AtomicNumbers)
                counts[z] = counts.GetValueOrDefault(z) + 1;
            foreach (var (z, count) in counts)
                largest[z] = Math.Max(largest.GetValueOrDefault(z), count);
        }
        if (largest.Count == 0)
            throw new ArgumentException("SLATM is fitted on at least one molecule", nameof(molecules));
        return new Slatm(largest);
    }

    /// <summary>The fitted state: each element and the most atoms of it one molecule held; the constructor remakes this representation from it.</summary>
    public IReadOnlyDictionary<int, int> LargestCountPerElement { get; }

    /// <summary>The many-body types in vector order.</summary>
    public IReadOnlyList<Block> Blocks { get; }

    /// <summary>The distance grid of every two-body spectrum, angstrom.</summary>
    public ReadOnlySpan<double> DistanceGridAngstrom => _distanceGrid;

    /// <summary>The angle grid of every three-body spectrum, radian.</summary>
    public ReadOnlySpan<double> AngleGridRadian => _angleGrid;

    public string Name => $"SLATM ({Length} values, {string.Join("", _elements.Select(Elements.Symbol))})";

    public int Length { get; }

    public string? Problem(Molecule molecule)
    {
        foreach (int z in molecule.AtomicNumbers)
            if (_elementIndex[z] < 0)
                return $"SLATM was fitted without {Elements.Symbol(z)}; fit it on a set of molecules that contains {Elements.Symbol(z)}";
        return null;
    }

    public void Write(Molecule molecule, Span<double> destination)
    {
        Featurisation.CheckWrite(Name, Problem, molecule, destination.Length, Length);
        destination.Clear();
        int n = molecule.AtomCount, ne = _elements.Length;
        var z = molecule.AtomicNumbers.AsSpan();
        var r = molecule.PositionsAngstrom.AsSpan();
        Span<int> e = n <= 128 ? stackalloc int[n] : new int[n];
        Span<double> d = n <= 64 ? stackalloc double[n * n] : new double[n * n];
        for (int i = 0; i < n; i++)
            e[i] = _elementIndex[z[i]];
        for (int i = 0; i < n; i++)
        {
            d[i * n + i] = 0;
            for (int j = i + 1; j < n; j++)
                d[i * n + j] = d[j * n + i] = Vec3.Distance(r[i], r[j]);
        }

        for (int i = 0; i < n; i++)
            destination[_oneBodyOffset[e[i]]] += z[i];

        double twoBodyExponent = -0.5 / (SigmaTwoBodyAngstrom * SigmaTwoBodyAngstrom);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                var delta = r[i] - r[j];
                double squared = delta.Dot(delta);
                if (squared >= CutoffAngstrom * CutoffAngstrom)
                    continue;
                var spectrum = destination.Slice(_twoBodyOffset[e[i] * ne + e[j]], _distanceGrid.Length);
                AddGaussian(spectrum, _distanceGrid, Math.Sqrt(squared), twoBodyExponent, z[i] * z[j], _londonWeight, null, 0);
            }

        double threeBodyExponent = -0.5 / (SigmaThreeBodyRadian * SigmaThreeBodyRadian);
        double threeBodyScale = 1.0 / 3.0 / Math.Sqrt(2 * SigmaThreeBodyRadian * SigmaThreeBodyRadian * Math.PI) * GridSpacingThreeBodyRadian;
        const double eps = 2.220446049250313e-16; // Fortran's epsilon(0d0): qmlcode's test for "a different atom"
        for (int vertex = 0; vertex < n; vertex++)
            for (int i = 0; i < n; i++)
            {
                double dij = d[i * n + vertex];
                if (!(dij > eps && dij <= CutoffAngstrom))
                    continue;
                for (int k = i + 1; k < n; k++)
                {
                    double djk = d[vertex * n + k], dik = d[i * n + k];
                    if (dik > CutoffAngstrom || !(djk > eps && djk <= CutoffAngstrom))
                        continue;
                    int offset = _threeBodyOffset[(e[i] * ne + e[vertex]) * ne + e[k]];
                    if (offset < 0)
                        continue;
                    double angle = Math.Acos(Math.Clamp(Cos(r[i], r[vertex], r[k]), -1.0, 1.0));
                    double cosK = Cos(r[i], r[k], r[vertex]);
                    double cosI = Cos(r[k], r[i], r[vertex]);
                    double product = dij * dik * djk;
                    double c0 = threeBodyScale * z[i] * z[vertex] * z[k];
                    var spectrum = destination.Slice(offset, _angleGrid.Length);
                    AddGaussian(spectrum, _angleGrid, angle, threeBodyExponent, c0 / (product * product * product), null, _cosAngleGrid, cosK * cosI);
                }
            }
    }

    // spectrum[g] += scale * (weight[g] or 1 + cosProduct * cosGrid[g]) * exp(exponent * (grid[g] - centre)^2)
    private static void AddGaussian(Span<double> spectrum, double[] grid, double centre, double exponent, double scale,
        double[]? weight, double[]? cosGrid, double cosProduct)
    {
        int g = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<double>.Count;
            var c = new Vector<double>(centre);
            var k = new Vector<double>(exponent);
            var s = new Vector<double>(scale);
            var p = new Vector<double>(cosProduct);
            for (; g <= grid.Length - width; g += width)
            {
                var x = new Vector<double>(grid, g) - c;
                var factor = weight is not null ? new Vector<double>(weight, g) : Vector<double>.One + p * new Vector<double>(cosGrid!, g);
                var value = new Vector<double>(spectrum.Slice(g, width)) + s * factor * Vector.Exp(k * x * x);
                value.CopyTo(spectrum.Slice(g, width));
            }
        }
        for (; g < grid.Length; g++)
        {
            double x = grid[g] - centre;
            double factor = weight is not null ? weight[g] : 1.0 + cosProduct * cosGrid![g];
            spectrum[g] += scale * factor * Math.Exp(exponent * x * x);
        }
    }

    // Cosine of the angle at b in the triangle a-b-c.
    private static double Cos(Vec3 a, Vec3 b, Vec3 c)
    {
        var u = a - b;
        var v = c - b;
        return u.Dot(v) / (u.Norm * v.Norm);
    }

    private static double[] Grid(double start, double end, int count)
    {
        var grid = new double[count];
        double step = (end - start) / (count - 1);
        for (int i = 0; i < count; i++)
            grid[i] = start + i * step;
        return grid;
    }
}
