using System.Collections;
using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// Extended-connectivity fingerprint, Rogers and Hahn, J. Chem. Inf. Model. 50, 742 (2010): every heavy atom starts
/// from an identifier hashed from its atom invariants; each iteration hashes an atom's identifier with the sorted
/// identifiers of its neighbours; an environment (the set of bonds it covers) already seen, earlier or in the same
/// iteration with a smaller identifier, is dropped; identifiers of every iteration up to <see cref="Radius"/> are
/// folded into <see cref="BitCount"/> bits by the remainder. Defaults: radius 2 (ECFP4), 2048 bits.
/// </summary>
/// <remarks>
/// The atom invariants are RDKit's reading of the paper's Daylight invariants (Morgan "connectivity invariants"):
/// atomic number, total degree (heavy neighbours plus hydrogens), hydrogen count, formal charge (zero: a 3D molecule
/// carries only its total charge), mass deviation from the standard atomic weight (zero) and ring membership. The
/// paper's "valence minus hydrogens" needs bond orders, which 3D coordinates do not give; bonds enter as
/// connectivity only, every bond the same type. Hashes are RDKit's (boost 1.3x hash_combine on 32-bit words), so
/// the bits equal RDKit's <c>GetMorganFingerprintAsBitVect(mol, 2, nBits=2048, useBondTypes=False)</c> on the same
/// connectivity, which the tests check. Bonds come from <see cref="Molecule.Bonds"/> when present, else from
/// <see cref="BondPerception"/>.
/// </remarks>
public sealed class Ecfp : IGlobalRepresentation
{
    /// <summary>One environment the fingerprint keeps: its 32-bit identifier, the iteration (0 = the atom alone) and its central atom (a heavy-atom node index).</summary>
    public readonly record struct Environment(uint Identifier, int Radius, int CentralNode);

    public Ecfp(int radius = 2, int bitCount = 2048)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(radius);
        ArgumentOutOfRangeException.ThrowIfLessThan(bitCount, 1);
        Radius = radius;
        BitCount = bitCount;
    }

    public int Radius { get; }
    public int BitCount { get; }

    public string Name => $"ECFP{2 * Radius} ({BitCount} bits)";

    public int Length => BitCount;

    public string? Problem(Molecule molecule) => BondPerception.Problem(molecule);

    /// <summary>Writes 1.0 at every set bit and 0.0 elsewhere.</summary>
    public void Write(Molecule molecule, Span<double> destination)
    {
        if (destination.Length != Length)
            throw new ArgumentException($"the destination holds {destination.Length} values, not {Length}", nameof(destination));
        destination.Clear();
        foreach (var environment in Environments(molecule))
            destination[(int)(environment.Identifier % (uint)BitCount)] = 1.0;
    }

    /// <summary>The folded fingerprint as bits.</summary>
    public BitArray Bits(Molecule molecule)
    {
        var bits = new BitArray(BitCount);
        foreach (var environment in Environments(molecule))
            bits[(int)(environment.Identifier % (uint)BitCount)] = true;
        return bits;
    }

    /// <summary>Every environment kept, unfolded: the round-0 identifier of each heavy atom, then per iteration each new environment once.</summary>
    public List<Environment> Environments(Molecule molecule)
    {
        if (Problem(molecule) is { } problem)
            throw new RepresentationInputException($"{Name} cannot take {molecule}: {problem}");
        var graph = HeavyAtomGraph.From(molecule);
        int n = graph.NodeCount;
        var kept = new List<Environment>();
        var identifiers = new uint[n];
        for (int a = 0; a < n; a++)
        {
            identifiers[a] = AtomInvariant(graph, a);
            kept.Add(new Environment(identifiers[a], 0, a));
        }

        int words = (graph.Bonds.Length + 63) / 64;
        var environments = new ulong[n][];
        for (int a = 0; a < n; a++)
            environments[a] = new ulong[words];
        var seen = new HashSet<BondSet>();
        var dead = new bool[n];
        var neighbours = new List<(int BondType, uint Identifier)>();
        var round = new List<(BondSet Bonds, uint Identifier, int Node)>();

        for (int layer = 0; layer < Radius; layer++)
        {
            var next = new uint[n];
            var grown = new ulong[n][];
            round.Clear();
            for (int a = 0; a < n; a++)
            {
                grown[a] = (ulong[])environments[a].Clone();
                if (dead[a])
                    continue;
                if (graph.BondsOf[a].Length == 0)
                {
                    dead[a] = true;
                    continue;
                }
                neighbours.Clear();
                foreach (int bond in graph.BondsOf[a])
                {
                    int other = graph.Other(bond, a);
                    grown[a][bond / 64] |= 1UL << (bond % 64);
                    for (int w = 0; w < words; w++)
                        grown[a][w] |= environments[other][w];
                    neighbours.Add((ConnectivityBondType, identifiers[other]));
                }
                neighbours.Sort();
                uint hash = (uint)layer;
                hash = Combine(hash, identifiers[a]);
                foreach (var (bondType, identifier) in neighbours)
                    hash = Combine(hash, Combine(Combine(0, (uint)bondType), identifier));
                next[a] = hash;
                var bondSet = new BondSet(grown[a]);
                round.Add((bondSet, hash, a));
                if (seen.Contains(bondSet))
                    dead[a] = true;
            }
            // Of several atoms reaching the same environment in one iteration, the smallest identifier stays (RDKit sorts by environment, identifier, atom).
            round.Sort((x, y) => x.Identifier != y.Identifier ? x.Identifier.CompareTo(y.Identifier) : x.Node.CompareTo(y.Node));
            foreach (var (bonds, identifier, node) in round)
            {
                if (seen.Add(bonds))
                    kept.Add(new Environment(identifier, layer + 1, node));
                else
                    dead[node] = true;
            }
            identifiers = next;
            environments = grown;
        }
        return kept;
    }

    // RDKit's bond invariant when bond types are not used.
    private const int ConnectivityBondType = 1;

    private static uint AtomInvariant(HeavyAtomGraph graph, int node)
    {
        int hydrogens = graph.HydrogenCounts[node];
        uint hash = 0;
        hash = Combine(hash, (uint)graph.AtomicNumbers[node]);
        hash = Combine(hash, (uint)(graph.BondsOf[node].Length + hydrogens));
        hash = Combine(hash, (uint)hydrogens);
        hash = Combine(hash, 0u); // formal charge
        hash = Combine(hash, 0u); // mass deviation from the standard atomic weight
        if (graph.InRing[node])
            hash = Combine(hash, 1u);
        return hash;
    }

    // boost::hash_combine as RDKit keeps it (RDGeneral/hash, 32-bit): seed ^= value + 0x9e3779b9 + (seed << 6) + (seed >> 2).
    private static uint Combine(uint seed, uint value) => seed ^ (value + 0x9e3779b9u + (seed << 6) + (seed >> 2));

    /// <summary>An environment as its set of bonds, compared by value.</summary>
    private sealed class BondSet(ulong[] words) : IEquatable<BondSet>
    {
        private readonly ulong[] _words = words;

        public bool Equals(BondSet? other) => other is not null && _words.AsSpan().SequenceEqual(other._words);
        public override bool Equals(object? obj) => Equals(obj as BondSet);

        public override int GetHashCode()
        {
            var hash = new HashCode();
            foreach (ulong word in _words)
                hash.Add(word);
            return hash.ToHashCode();
        }
    }
}
