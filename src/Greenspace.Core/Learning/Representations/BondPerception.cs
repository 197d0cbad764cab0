using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// Connectivity from 3D coordinates: atoms i and j are bonded when |R_i - R_j| &lt;= r_i + r_j + 0.45 angstrom, with
/// r the single-bond covalent radii of Cordero et al., Dalton Trans. 2008, 2832 (carbon sp3 0.76, manganese, iron
/// and cobalt low-spin) and the 0.45 angstrom tolerance Open Babel uses. Then, as Open Babel does, an atom with
/// more neighbours than its element can bond (H and halogens 1, O 2, B, C, N, Si 4, P, S 6) loses its most
/// stretched bonds (largest distance over r_i + r_j) first: the tolerance alone bonds the bridgeheads of
/// bicyclo[1.1.1]pentane cages, 1.92-1.97 angstrom apart in QM7. Bond orders are not perceived: the fingerprints
/// here use connectivity only.
/// </summary>
public static class BondPerception
{
    public const double ToleranceAngstrom = 0.45;

    // Cordero et al. 2008, Table 2, Z = 1..96 (index 0 unused); the paper gives no radius beyond curium.
    private static readonly double[] CovalentRadii =
    [
        double.NaN,
        0.31, 0.28, 1.28, 0.96, 0.84, 0.76, 0.71, 0.66, 0.57, 0.58, 1.66, 1.41, 1.21, 1.11, 1.07, 1.05, 1.02, 1.06,
        2.03, 1.76, 1.70, 1.60, 1.53, 1.39, 1.39, 1.32, 1.26, 1.24, 1.32, 1.22, 1.22, 1.20, 1.19, 1.20, 1.20, 1.16,
        2.20, 1.95, 1.90, 1.75, 1.64, 1.54, 1.47, 1.46, 1.42, 1.39, 1.45, 1.44, 1.42, 1.39, 1.39, 1.38, 1.39, 1.40,
        2.44, 2.15, 2.07, 2.04, 2.03, 2.01, 1.99, 1.98, 1.98, 1.96, 1.94, 1.92, 1.92, 1.89, 1.90, 1.87, 1.87,
        1.75, 1.70, 1.62, 1.51, 1.44, 1.41, 1.36, 1.36, 1.32, 1.45, 1.46, 1.48, 1.40, 1.50, 1.50,
        2.60, 2.21, 2.15, 2.06, 2.00, 1.96, 1.90, 1.87, 1.80, 1.69,
    ];

    /// <summary>The Cordero single-bond covalent radius in angstrom, or null beyond curium.</summary>
    public static double? CovalentRadiusAngstrom(int atomicNumber) =>
        atomicNumber >= 1 && atomicNumber < CovalentRadii.Length ? CovalentRadii[atomicNumber] : null;

    /// <summary>Why bonds cannot be perceived for the molecule (an element without a covalent radius), or null.</summary>
    public static string? Problem(Molecule molecule)
    {
        if (!molecule.Bonds.IsDefaultOrEmpty)
            return null;
        foreach (int z in molecule.AtomicNumbers)
            if (CovalentRadiusAngstrom(z) is null)
                return $"{Elements.Symbol(z)} has no covalent radius to perceive bonds from; give the molecule its bonds (an SDF file)";
        return null;
    }

    /// <summary>The molecule's bonds as atom pairs (i &lt; j): its own <see cref="Molecule.Bonds"/> when it has any, else perceived from distances.</summary>
    public static List<(int A, int B)> Connectivity(Molecule molecule)
    {
        var pairs = new List<(int, int)>();
        if (!molecule.Bonds.IsDefaultOrEmpty)
        {
            foreach (var bond in molecule.Bonds)
                pairs.Add((Math.Min(bond.Atom1, bond.Atom2), Math.Max(bond.Atom1, bond.Atom2)));
            pairs.Sort();
            return [.. pairs.Distinct()];
        }
        if (Problem(molecule) is { } problem)
            throw new RepresentationInputException($"cannot perceive the bonds of {molecule}: {problem}");
        var z = molecule.AtomicNumbers.AsSpan();
        var r = molecule.PositionsAngstrom.AsSpan();
        var candidates = new List<(int A, int B, double Stretch)>();
        var degree = new int[z.Length];
        for (int i = 0; i < z.Length; i++)
            for (int j = i + 1; j < z.Length; j++)
            {
                double sum = CovalentRadii[z[i]] + CovalentRadii[z[j]];
                double distance = Vec3.Distance(r[i], r[j]);
                if (distance <= sum + ToleranceAngstrom)
                {
                    candidates.Add((i, j, distance / sum));
                    degree[i]++;
                    degree[j]++;
                }
            }
        // One pass from the most stretched bond down removes exactly what repeatedly dropping the most stretched bond
        // of any overfull atom would: degrees only fall, so a bond passed over never becomes removable later.
        candidates.Sort((x, y) => y.Stretch.CompareTo(x.Stretch));
        foreach (var (a, b, _) in candidates)
        {
            if (degree[a] > MaxNeighbours(z[a]) || degree[b] > MaxNeighbours(z[b]))
            {
                degree[a]--;
                degree[b]--;
            }
            else
                pairs.Add((a, b));
        }
        pairs.Sort();
        return pairs;
    }

    private static int MaxNeighbours(int atomicNumber) => atomicNumber switch
    {
        1 or 9 or 17 or 35 or 53 => 1,
        8 => 2,
        5 or 6 or 7 or 14 => 4,
        15 or 16 => 6,
        _ => int.MaxValue,
    };
}
