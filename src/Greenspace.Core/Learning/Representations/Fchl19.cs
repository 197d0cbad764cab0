using System.Collections.Immutable;
using System.Numerics;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// FCHL19, the atom-centred representation of Christensen, Bratholm, Faber and von Lilienfeld, J. Chem. Phys. 152,
/// 044107 (2020), as its authors' code computes it (qmlcode <c>generate_fchl_acsf</c> and
/// <c>fgenerate_fchl_acsf</c>), with the paper's optimised parameters, which are qmlcode's defaults. Each atom i gets
/// <list type="bullet">
/// <item>a two-body block per element J: for each neighbour j of element J within r_cut and each of n2 = 24
/// centres R_s = r_cut k / n2, a log-normal in r_ij,
/// <c>1 / (sigma sqrt(2 pi) R_s) exp(-(ln R_s - mu)^2 / (2 sigma^2)) f_cut(r_ij) / r_ij^1.8</c>, with
/// <c>mu = ln(r_ij / sqrt(1 + eta2 / r_ij^2))</c>, <c>sigma^2 = ln(1 + eta2 / r_ij^2)</c>, eta2 = 0.32;</item>
/// <item>a three-body block per element pair J &lt;= K: for each pair of neighbours j &lt; k within a_cut, n3 = 20
/// radial Gaussians in the mean distance, <c>exp(-eta3 ((r_ij + r_ik)/2 - R_s)^2) f_cut(r_ij) f_cut(r_ik)</c>,
/// eta3 = 2.7, R_s = a_cut k / n3, times the Fourier terms of the angle theta_jik to first order,
/// <c>2 cos(theta) exp(-zeta^2/2)</c> and <c>2 sin(theta) exp(-zeta^2/2)</c>, zeta = pi, times an
/// Axilrod-Teller-Muto factor <c>w (1 + 3 cos theta_i cos theta_j cos theta_k) / (r_ij r_ik r_jk)^0.57</c> with
/// <c>w = 13.4 sqrt(eta3 / pi)</c>;</item>
/// </list>
/// with <c>f_cut(r) = (cos(pi r / r_cut) + 1) / 2</c>, r_cut = a_cut = 8 angstrom. Features per atom:
/// n_el n2 + n_el (n_el + 1) n3 (720 for H, C, N, O, S), in qmlcode's order.
/// </summary>
/// <remarks>
/// Only the first Fourier order is implemented (the paper's choice; qmlcode's gradients support no other), so
/// cos(theta) and sin(theta) come from the clipped cosine directly (sin = sqrt(1 - cos^2)) rather than through
/// acos, which changes values in the last bits only.
/// </remarks>
public sealed class Fchl19 : ILocalRepresentation
{
    /// <summary>qmlcode's default element channels, which cover QM7 and QM9.</summary>
    public static readonly ImmutableArray<int> DefaultElements = [1, 6, 7, 8, 16];

    public const int TwoBodyBasisCount = 24;
    public const int ThreeBodyBasisCount = 20;
    public const int FourierOrder = 1;
    public const double Eta2 = 0.32;
    public const double Eta3 = 2.7;
    public const double Zeta = Math.PI;
    public const double TwoBodyCutoffAngstrom = 8.0;
    public const double ThreeBodyCutoffAngstrom = 8.0;
    public const double TwoBodyDecay = 1.8;
    public const double ThreeBodyDecay = 0.57;
    public const double ThreeBodyWeight = 13.4;

    private readonly int[] _elementIndex; // atomic number -> channel, -1 when none
    private readonly double[] _twoBodyCentres = new double[TwoBodyBasisCount];
    private readonly double[] _logTwoBodyCentres = new double[TwoBodyBasisCount];
    private readonly double[] _threeBodyCentres = new double[ThreeBodyBasisCount];
    private const int AngularCount = 2 * FourierOrder;
    private static readonly double FourierDamping = 2.0 * Math.Exp(-Zeta * Zeta / 2.0);

    public Fchl19(IEnumerable<int>? elements = null)
    {
        ElementChannels = [.. (elements ?? DefaultElements).Distinct().Order()];
        if (ElementChannels.Length == 0)
            throw new ArgumentException("FCHL19 needs at least one element channel", nameof(elements));
        _elementIndex = new int[Elements.MaxAtomicNumber + 1];
        Array.Fill(_elementIndex, -1);
        for (int e = 0; e < ElementChannels.Length; e++)
        {
            if (ElementChannels[e] is < 1 or > Elements.MaxAtomicNumber)
                throw new ArgumentException($"{ElementChannels[e]} is no atomic number", nameof(elements));
            _elementIndex[ElementChannels[e]] = e;
        }
        for (int k = 0; k < TwoBodyBasisCount; k++)
        {
            _twoBodyCentres[k] = TwoBodyCutoffAngstrom * (k + 1) / TwoBodyBasisCount;
            _logTwoBodyCentres[k] = Math.Log(_twoBodyCentres[k]);
        }
        for (int k = 0; k < ThreeBodyBasisCount; k++)
            _threeBodyCentres[k] = ThreeBodyCutoffAngstrom * (k + 1) / ThreeBodyBasisCount;
        int ne = ElementChannels.Length;
        FeatureCount = ne * TwoBodyBasisCount + ne * (ne + 1) * ThreeBodyBasisCount * FourierOrder;
    }

    /// <summary>The element channels, ascending; every atom of a molecule must be one of them.</summary>
    public ImmutableArray<int> ElementChannels { get; }

    public string Name => $"FCHL19 ({string.Join("", ElementChannels.Select(Elements.Symbol))}, {FeatureCount} per atom)";

    public int FeatureCount { get; }

    public string? Problem(Molecule molecule)
    {
        foreach (int z in molecule.AtomicNumbers)
            if (_elementIndex[z] < 0)
                return $"FCHL19 has no channel for {Elements.Symbol(z)}; make it with {Elements.Symbol(z)} among its elements";
        return null;
    }

    public void Write(Molecule molecule, Span<double> destination)
    {
        int n = molecule.AtomCount;
        Featurisation.CheckWrite(Name, Problem, molecule, destination.Length, n * FeatureCount);
        destination.Clear();
        var r = molecule.PositionsAngstrom.AsSpan();
        Span<int> e = n <= 128 ? stackalloc int[n] : new int[n];
        Span<double> d = n <= 64 ? stackalloc double[n * n] : new double[n * n];
        for (int i = 0; i < n; i++)
            e[i] = _elementIndex[molecule.AtomicNumbers[i]];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                d[i * n + j] = d[j * n + i] = Vec3.Distance(r[i], r[j]);

        AddTwoBody(destination, e, d, n);
        AddThreeBody(destination, r, e, d, n);
    }

    private void AddTwoBody(Span<double> rows, ReadOnlySpan<int> e, ReadOnlySpan<double> d, int n)
    {
        Span<double> radial = stackalloc double[TwoBodyBasisCount];
        double normalisation = 1.0 / Math.Sqrt(2.0 * Math.PI);
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double rij = d[i * n + j];
                if (rij > TwoBodyCutoffAngstrom)
                    continue;
                double spread = Math.Log(1.0 + Eta2 / (rij * rij));
                double mu = Math.Log(rij) - 0.5 * spread;  // ln(r / sqrt(1 + eta2 / r^2))
                double sigma = Math.Sqrt(spread);
                double scale = normalisation / sigma * Cutoff(rij, TwoBodyCutoffAngstrom) / Math.Pow(rij, TwoBodyDecay);
                double exponent = -0.5 / spread;
                for (int k = 0; k < TwoBodyBasisCount; k++)
                {
                    double x = _logTwoBodyCentres[k] - mu;
                    radial[k] = scale / _twoBodyCentres[k] * Math.Exp(exponent * x * x);
                }
                Add(rows.Slice(i * FeatureCount + e[j] * TwoBodyBasisCount, TwoBodyBasisCount), radial);
                Add(rows.Slice(j * FeatureCount + e[i] * TwoBodyBasisCount, TwoBodyBasisCount), radial);
            }
    }

    private void AddThreeBody(Span<double> rows, ReadOnlySpan<Vec3> r, ReadOnlySpan<int> e, ReadOnlySpan<double> d, int n)
    {
        int ne = ElementChannels.Length;
        int twoBodySize = ne * TwoBodyBasisCount;
        int blockSize = ThreeBodyBasisCount * AngularCount;
        double weight = Math.Sqrt(Eta3 / Math.PI) * ThreeBodyWeight;
        Span<double> radial = stackalloc double[ThreeBodyBasisCount];
        Span<double> cutoff = n <= 128 ? stackalloc double[n] : new double[n];

        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
                cutoff[j] = j == i ? 0 : Cutoff(d[i * n + j], ThreeBodyCutoffAngstrom);
            var row = rows.Slice(i * FeatureCount, FeatureCount);
            for (int j = 0; j < n - 1; j++)
            {
                double rij = d[i * n + j];
                if (j == i || rij > ThreeBodyCutoffAngstrom)
                    continue;
                for (int k = j + 1; k < n; k++)
                {
                    double rik = d[i * n + k];
                    if (k == i || rik > ThreeBodyCutoffAngstrom)
                        continue;
                    double rjk = d[j * n + k];
                    double cosI = Cos(r[j], r[i], r[k]);
                    double cosJ = Cos(r[i], r[j], r[k]);
                    double cosK = Cos(r[i], r[k], r[j]);
                    double atm = weight * (1.0 + 3.0 * cosI * cosJ * cosK) / Math.Pow(rik * rij * rjk, ThreeBodyDecay);

                    double cosAngle = Math.Clamp(cosI, -1.0, 1.0);
                    double angularCos = FourierDamping * cosAngle;
                    double angularSin = FourierDamping * Math.Sqrt(1.0 - cosAngle * cosAngle);

                    double mean = 0.5 * (rij + rik);
                    double scale = cutoff[j] * cutoff[k] * atm;
                    for (int l = 0; l < ThreeBodyBasisCount; l++)
                    {
                        double x = mean - _threeBodyCentres[l];
                        radial[l] = scale * Math.Exp(-Eta3 * x * x);
                    }

                    int p = Math.Min(e[j], e[k]), q = Math.Max(e[j], e[k]);
                    int start = twoBodySize + blockSize * (-(p * (p + 1)) / 2 + q + ne * p);
                    var block = row.Slice(start, blockSize);
                    for (int l = 0; l < ThreeBodyBasisCount; l++)
                    {
                        block[2 * l] += angularCos * radial[l];
                        block[2 * l + 1] += angularSin * radial[l];
                    }
                }
            }
        }
    }

    private static void Add(Span<double> target, ReadOnlySpan<double> values)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated)
            for (; k <= values.Length - Vector<double>.Count; k += Vector<double>.Count)
                (new Vector<double>(target.Slice(k)) + new Vector<double>(values.Slice(k))).CopyTo(target.Slice(k));
        for (; k < values.Length; k++)
            target[k] += values[k];
    }

    private static double Cutoff(double distance, double cutoff) => 0.5 * (Math.Cos(Math.PI * distance / cutoff) + 1.0);

    // Cosine of the angle at b in the triangle a-b-c.
    private static double Cos(Vec3 a, Vec3 b, Vec3 c)
    {
        var u = a - b;
        var v = c - b;
        return u.Dot(v) / (u.Norm * v.Norm);
    }
}
