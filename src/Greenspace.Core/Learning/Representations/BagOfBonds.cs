using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// Bag of bonds, Hansen, Biegler, Ramakrishnan, Pronobis, von Lilienfeld, Mueller and Tkatchenko, J. Phys. Chem. Lett.
/// 6, 2326 (2015): the Coulomb-matrix entries of a molecule grouped into bags, one per element (the self terms
/// 0.5 Z^2.4) and one per element pair (the terms Z_i Z_j / |R_i - R_j|, distances in angstrom as for
/// <see cref="CoulombMatrix"/>); each bag sorted in descending order and zero-padded to the largest size that bag
/// takes over the dataset, the bags concatenated. Element bags come in ascending atomic number, each followed by its
/// pairs with itself and with heavier elements: H, HH, HC, HN, ..., C, CC, CN, ...
/// </summary>
/// <remarks>
/// The bag sizes are the representation's fitted state: <see cref="Fit"/> takes them from a set of molecules, or the
/// constructor takes them as given. A molecule with more entries in a bag than its size, or with an element the bags
/// do not know, is refused with a sentence saying so. (qmlcode's <c>generate_bob</c> pads to sizes derived from
/// per-element maxima instead; extra zero padding changes no distance between two vectors.)
/// </remarks>
public sealed class BagOfBonds : IGlobalRepresentation
{
    /// <summary>One bag: an element's self terms (<paramref name="ElementB"/> null) or a pair's terms (A &lt;= B), its size and its first index in the vector.</summary>
    public readonly record struct Bag(int ElementA, int? ElementB, int Size, int Offset)
    {
        public override string ToString() => Elements.Symbol(ElementA) + (ElementB is { } b ? Elements.Symbol(b) : "");
    }

    private readonly int[] _atomBag;   // atomic number -> bag index, -1 when unknown
    private readonly int[,] _pairBag;  // atomic numbers (A <= B) -> bag index, -1 when unknown
    private readonly int[] _elements;
    private readonly Bag[] _bags;

    /// <summary>Bags with the given sizes: <paramref name="atomBagSizes"/> maps an element to its largest count, <paramref name="pairBagSizes"/> an element pair (either order) to its largest count of pairs.</summary>
    public BagOfBonds(IReadOnlyDictionary<int, int> atomBagSizes, IReadOnlyDictionary<(int, int), int> pairBagSizes)
    {
        _elements = [.. atomBagSizes.Keys.Order()];
        AtomBagSizes = atomBagSizes.ToDictionary();
        foreach (int z in _elements)
            if (z is < 1 or > Elements.MaxAtomicNumber)
                throw new ArgumentException($"{z} is no atomic number", nameof(atomBagSizes));
        var pairs = new Dictionary<(int, int), int>();
        foreach (var ((a, b), size) in pairBagSizes)
        {
            var key = (Math.Min(a, b), Math.Max(a, b));
            if (!atomBagSizes.ContainsKey(key.Item1) || !atomBagSizes.ContainsKey(key.Item2))
                throw new ArgumentException($"the pair bag {Elements.Symbol(a)}{Elements.Symbol(b)} names an element without its own bag", nameof(pairBagSizes));
            pairs[key] = size;
        }
        PairBagSizes = pairs;

        _atomBag = new int[Elements.MaxAtomicNumber + 1];
        _pairBag = new int[Elements.MaxAtomicNumber + 1, Elements.MaxAtomicNumber + 1];
        Array.Fill(_atomBag, -1);
        for (int a = 0; a <= Elements.MaxAtomicNumber; a++)
            for (int b = 0; b <= Elements.MaxAtomicNumber; b++)
                _pairBag[a, b] = -1;

        var bags = new List<Bag>();
        int offset = 0;
        foreach (int a in _elements)
        {
            _atomBag[a] = bags.Count;
            bags.Add(new Bag(a, null, atomBagSizes[a], offset));
            offset += atomBagSizes[a];
            foreach (int b in _elements)
                if (b >= a && pairs.TryGetValue((a, b), out int size))
                {
                    _pairBag[a, b] = _pairBag[b, a] = bags.Count;
                    bags.Add(new Bag(a, b, size, offset));
                    offset += size;
                }
        }
        _bags = [.. bags];
        Length = offset;
    }

    /// <summary>Bags sized to the largest count of each element and of each element pair in <paramref name="molecules"/> (Hansen et al.'s padding).</summary>
    public static BagOfBonds Fit(IEnumerable<Molecule> molecules)
    {
        var atomSizes = new Dictionary<int, int>();
        var pairSizes = new Dictionary<(int, int), int>();
        var counts = new int[Elements.MaxAtomicNumber + 1];
        var present = new List<int>();
        foreach (var molecule in molecules)
        {
            present.Clear();
            foreach (int z in molecule.AtomicNumbers)
                if (counts[z]++ == 0)
                    present.Add(z);
            present.Sort();
            for (int i = 0; i < present.Count; i++)
            {
                int a = present[i], na = counts[a];
                atomSizes[a] = Math.Max(atomSizes.GetValueOrDefault(a), na);
                for (int j = i; j < present.Count; j++)
                {
                    int b = present[j];
                    int pairCount = a == b ? na * (na - 1) / 2 : na * counts[b];
                    if (pairCount > 0)
                        pairSizes[(a, b)] = Math.Max(pairSizes.GetValueOrDefault((a, b)), pairCount);
                }
            }
            foreach (int z in present)
                counts[z] = 0;
        }
        if (atomSizes.Count == 0)
            throw new ArgumentException("a bag of bonds is fitted on at least one molecule", nameof(molecules));
        return new BagOfBonds(atomSizes, pairSizes);
    }

    /// <summary>The fitted state, element to its bag size; with <see cref="PairBagSizes"/> the constructor remakes this representation.</summary>
    public IReadOnlyDictionary<int, int> AtomBagSizes { get; }

    /// <summary>The fitted state, element pair (lighter first) to its bag size.</summary>
    public IReadOnlyDictionary<(int, int), int> PairBagSizes { get; }

    /// <summary>The bags in vector order.</summary>
    public IReadOnlyList<Bag> Bags => _bags;

    public string Name => $"bag of bonds ({Length} values, {Bags.Count} bags)";

    public int Length { get; }

    public string? Problem(Molecule molecule)
    {
        Span<int> counts = stackalloc int[Elements.MaxAtomicNumber + 1];
        foreach (int z in molecule.AtomicNumbers)
        {
            if (_atomBag[z] < 0)
                return $"the bag of bonds has no bag for {Elements.Symbol(z)}; fit it on a set of molecules that contains {Elements.Symbol(z)}";
            counts[z]++;
        }
        foreach (int a in _elements)
        {
            if (counts[a] == 0)
                continue;
            if (counts[a] > _bags[_atomBag[a]].Size)
                return $"it has {counts[a]} {Elements.Symbol(a)} atoms, more than the {_bags[_atomBag[a]].Size} the bag of bonds was fitted for; fit it on a set that contains this molecule";
            foreach (int b in _elements)
            {
                if (b < a || counts[b] == 0)
                    continue;
                int pairs = a == b ? counts[a] * (counts[a] - 1) / 2 : counts[a] * counts[b];
                int bag = _pairBag[a, b];
                int size = bag < 0 ? 0 : _bags[bag].Size;
                if (pairs > size)
                    return $"it has {pairs} {Elements.Symbol(a)}{Elements.Symbol(b)} pairs, more than the {size} the bag of bonds was fitted for; fit it on a set that contains this molecule";
            }
        }
        return null;
    }

    public void Write(Molecule molecule, Span<double> destination)
    {
        Featurisation.CheckWrite(Name, Problem, molecule, destination.Length, Length);
        destination.Clear();
        var z = molecule.AtomicNumbers.AsSpan();
        var r = molecule.PositionsAngstrom.AsSpan();
        Span<int> filled = _bags.Length <= 256 ? stackalloc int[_bags.Length] : new int[_bags.Length];
        filled.Clear();

        for (int i = 0; i < z.Length; i++)
        {
            int bag = _atomBag[z[i]];
            destination[_bags[bag].Offset + filled[bag]++] = 0.5 * Math.Pow(z[i], 2.4);
            for (int j = i + 1; j < z.Length; j++)
            {
                double dx = r[i].X - r[j].X, dy = r[i].Y - r[j].Y, dz = r[i].Z - r[j].Z;
                int pairBag = _pairBag[z[i], z[j]];
                destination[_bags[pairBag].Offset + filled[pairBag]++] = z[i] * z[j] / Math.Sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        // The padding zeros already sit after the entries; sorting the entries alone keeps them there.
        for (int bag = 0; bag < _bags.Length; bag++)
        {
            var entries = destination.Slice(_bags[bag].Offset, filled[bag]);
            entries.Sort();
            entries.Reverse();
        }
    }
}
