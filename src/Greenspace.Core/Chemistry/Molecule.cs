using System.Collections.Immutable;
using System.Text;

namespace Greenspace.Chemistry;

/// <summary>
/// An immutable molecule: elements, Cartesian coordinates in angstrom, total charge, spin multiplicity,
/// optional bonds and a name. Every instance is valid: <see cref="Create"/> refuses an empty molecule,
/// unknown elements, atoms closer than <see cref="MinimumDistanceAngstrom"/>, and a charge and
/// multiplicity that do not fit the electron count.
/// </summary>
public sealed class Molecule
{
    /// <summary>Atoms closer than this are taken as an input error (a duplicated atom, a unit mix-up), not chemistry.</summary>
    public const double MinimumDistanceAngstrom = 0.5;

    public ImmutableArray<int> AtomicNumbers { get; }
    public ImmutableArray<Vec3> PositionsAngstrom { get; }
    public int Charge { get; }
    public int Multiplicity { get; }
    public ImmutableArray<Bond> Bonds { get; }
    public string? Name { get; }

    private Molecule(ImmutableArray<int> z, ImmutableArray<Vec3> r, int charge, int multiplicity, ImmutableArray<Bond> bonds, string? name)
    {
        AtomicNumbers = z;
        PositionsAngstrom = r;
        Charge = charge;
        Multiplicity = multiplicity;
        Bonds = bonds;
        Name = name;
    }

    public int AtomCount => AtomicNumbers.Length;

    /// <summary>Number of electrons: the sum of nuclear charges minus the total charge.</summary>
    public int ElectronCount => AtomicNumbers.Sum() - Charge;

    /// <summary>Number of unpaired electrons implied by the multiplicity (2S).</summary>
    public int UnpairedElectrons => Multiplicity - 1;

    public IEnumerable<string> Symbols => AtomicNumbers.Select(Elements.Symbol);

    /// <summary>Formula in Hill order (C, then H, then the rest alphabetically; alphabetical throughout without carbon), charge omitted.</summary>
    public string Formula => HillFormula(AtomicNumbers);

    /// <summary>
    /// Makes a validated molecule. <paramref name="multiplicity"/> null means the lowest multiplicity
    /// the electron count allows: singlet for an even count, doublet (a radical) for an odd one.
    /// </summary>
    /// <exception cref="InvalidMoleculeException">with one sentence naming what is wrong.</exception>
    public static Molecule Create(
        IEnumerable<int> atomicNumbers,
        IEnumerable<Vec3> positionsAngstrom,
        int charge = 0,
        int? multiplicity = null,
        IEnumerable<Bond>? bonds = null,
        string? name = null)
    {
        var z = atomicNumbers.ToImmutableArray();
        var r = positionsAngstrom.ToImmutableArray();
        var b = bonds?.ToImmutableArray() ?? [];
        var error = Check(z, r, charge, multiplicity, b);
        if (error is not null)
            throw new InvalidMoleculeException(error);
        int electrons = z.Sum() - charge;
        return new Molecule(z, r, charge, multiplicity ?? (electrons % 2 == 0 ? 1 : 2), b, name);
    }

    /// <summary>The same checks as <see cref="Create"/>, returning the sentence instead of throwing (null when valid).</summary>
    public static string? Check(ImmutableArray<int> z, ImmutableArray<Vec3> r, int charge, int? multiplicity, ImmutableArray<Bond> bonds)
    {
        if (z.IsDefaultOrEmpty)
            return "the molecule has no atoms";
        if (r.Length != z.Length)
            return $"the molecule has {z.Length} elements but {r.Length} positions";
        for (int i = 0; i < z.Length; i++)
            if (z[i] is < 1 or > Elements.MaxAtomicNumber)
                return $"atom {i + 1} has atomic number {z[i]}, which is no element";
        for (int i = 0; i < r.Length; i++)
        {
            var p = r[i];
            if (!double.IsFinite(p.X) || !double.IsFinite(p.Y) || !double.IsFinite(p.Z))
                return $"atom {i + 1} ({Elements.Symbol(z[i])}) has a coordinate that is not a finite number";
        }
        var clash = FindClash(r);
        if (clash is var (a, c, d))
            return $"atoms {a + 1} ({Elements.Symbol(z[a])}) and {c + 1} ({Elements.Symbol(z[c])}) are {d:0.###} angstrom apart, closer than {MinimumDistanceAngstrom} angstrom; check the coordinates and their unit";
        int electrons = z.Sum() - charge;
        if (electrons < 0)
            return $"a charge of {charge:+0;-0} leaves {electrons} electrons";
        if (multiplicity is { } m)
        {
            if (m < 1)
                return $"multiplicity {m} is not a positive integer";
            int unpaired = m - 1;
            if (unpaired > electrons || (electrons - unpaired) % 2 != 0)
                return $"multiplicity {m} does not fit {electrons} electrons (charge {charge:+0;-0;0}): an {(electrons % 2 == 0 ? "even" : "odd")} electron count needs an {(electrons % 2 == 0 ? "odd" : "even")} multiplicity";
        }
        foreach (var bond in bonds)
        {
            if (bond.Atom1 < 0 || bond.Atom1 >= z.Length || bond.Atom2 < 0 || bond.Atom2 >= z.Length || bond.Atom1 == bond.Atom2)
                return $"bond {bond.Atom1 + 1}-{bond.Atom2 + 1} does not join two different atoms of the molecule";
        }
        return null;
    }

    // A cell list keeps this linear in the atom count; molecules of a few atoms take the direct loop.
    private static (int, int, double)? FindClash(ImmutableArray<Vec3> r)
    {
        const double min = MinimumDistanceAngstrom;
        if (r.Length < 64)
        {
            for (int i = 0; i < r.Length; i++)
                for (int j = i + 1; j < r.Length; j++)
                {
                    double d = Vec3.Distance(r[i], r[j]);
                    if (d < min)
                        return (i, j, d);
                }
            return null;
        }
        var cells = new Dictionary<(long, long, long), List<int>>();
        (long, long, long) Cell(Vec3 p) => ((long)Math.Floor(p.X / min), (long)Math.Floor(p.Y / min), (long)Math.Floor(p.Z / min));
        for (int i = 0; i < r.Length; i++)
        {
            var (cx, cy, cz) = Cell(r[i]);
            for (long dx = -1; dx <= 1; dx++)
                for (long dy = -1; dy <= 1; dy++)
                    for (long dz = -1; dz <= 1; dz++)
                        if (cells.TryGetValue((cx + dx, cy + dy, cz + dz), out var members))
                            foreach (int j in members)
                            {
                                double d = Vec3.Distance(r[i], r[j]);
                                if (d < min)
                                    return (j, i, d);
                            }
            var key = (cx, cy, cz);
            if (!cells.TryGetValue(key, out var list))
                cells[key] = list = [];
            list.Add(i);
        }
        return null;
    }

    public Molecule WithName(string? name) => new(AtomicNumbers, PositionsAngstrom, Charge, Multiplicity, Bonds, name);

    /// <summary>The same atoms at new positions (an optimised geometry); bonds, charge and multiplicity are kept.</summary>
    public Molecule WithPositions(IEnumerable<Vec3> positionsAngstrom) =>
        Create(AtomicNumbers, positionsAngstrom, Charge, Multiplicity, Bonds, Name);

    public Molecule WithChargeAndMultiplicity(int charge, int? multiplicity) =>
        Create(AtomicNumbers, PositionsAngstrom, charge, multiplicity, Bonds, Name);

    /// <summary>The atoms reordered so that new atom i is old atom <paramref name="order"/>[i]; bonds follow their atoms.</summary>
    public Molecule Permute(IReadOnlyList<int> order)
    {
        if (order.Count != AtomCount)
            throw new ArgumentException("the permutation must list every atom once", nameof(order));
        var inverse = new int[AtomCount];
        for (int i = 0; i < order.Count; i++)
            inverse[order[i]] = i;
        var bonds = Bonds.Select(b => new Bond(inverse[b.Atom1], inverse[b.Atom2], b.Order));
        return new Molecule(
            order.Select(i => AtomicNumbers[i]).ToImmutableArray(),
            order.Select(i => PositionsAngstrom[i]).ToImmutableArray(),
            Charge, Multiplicity, bonds.ToImmutableArray(), Name);
    }

    public static string HillFormula(IEnumerable<int> atomicNumbers)
    {
        var counts = atomicNumbers.GroupBy(z => z).ToDictionary(g => Elements.Symbol(g.Key), g => g.Count());
        var sb = new StringBuilder();
        void Append(string symbol)
        {
            sb.Append(symbol);
            if (counts[symbol] > 1)
                sb.Append(counts[symbol]);
            counts.Remove(symbol);
        }
        if (counts.ContainsKey("C"))
        {
            Append("C");
            if (counts.ContainsKey("H"))
                Append("H");
        }
        foreach (var symbol in counts.Keys.Order(StringComparer.Ordinal).ToList())
            Append(symbol);
        return sb.ToString();
    }

    public override string ToString() => Name is null ? Formula : $"{Name} ({Formula})";
}
