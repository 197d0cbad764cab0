using Greenspace.Chemistry;

namespace Greenspace.Learning.Representations;

/// <summary>
/// The hydrogen-suppressed graph circular fingerprints walk: every atom except hydrogens bonded to exactly one
/// non-hydrogen atom, each node with its count of such hydrogens, its bonds and whether it lies on a ring (has a
/// bond that is not a bridge, the same atoms a smallest-set-of-rings search marks).
/// </summary>
internal sealed class HeavyAtomGraph
{
    private HeavyAtomGraph(int[] atomicNumbers, int[] hydrogenCounts, (int A, int B)[] bonds, bool[] inRing)
    {
        AtomicNumbers = atomicNumbers;
        HydrogenCounts = hydrogenCounts;
        Bonds = bonds;
        InRing = inRing;
        var incident = new List<int>[atomicNumbers.Length];
        for (int i = 0; i < incident.Length; i++)
            incident[i] = [];
        for (int b = 0; b < bonds.Length; b++)
        {
            incident[bonds[b].A].Add(b);
            incident[bonds[b].B].Add(b);
        }
        BondsOf = Array.ConvertAll(incident, list => list.ToArray());
    }

    public int[] AtomicNumbers { get; }
    public int[] HydrogenCounts { get; }
    public (int A, int B)[] Bonds { get; }
    public int[][] BondsOf { get; }
    public bool[] InRing { get; }
    public int NodeCount => AtomicNumbers.Length;

    public int Other(int bond, int node) => Bonds[bond].A == node ? Bonds[bond].B : Bonds[bond].A;

    public static HeavyAtomGraph From(Molecule molecule)
    {
        var z = molecule.AtomicNumbers;
        var connectivity = BondPerception.Connectivity(molecule);
        var neighbours = new List<int>[z.Length];
        for (int i = 0; i < z.Length; i++)
            neighbours[i] = [];
        foreach (var (a, b) in connectivity)
        {
            neighbours[a].Add(b);
            neighbours[b].Add(a);
        }

        var node = new int[z.Length];
        var atomicNumbers = new List<int>();
        for (int i = 0; i < z.Length; i++)
        {
            bool suppressed = z[i] == 1 && neighbours[i].Count == 1 && z[neighbours[i][0]] != 1;
            node[i] = suppressed ? -1 : atomicNumbers.Count;
            if (!suppressed)
                atomicNumbers.Add(z[i]);
        }
        var hydrogens = new int[atomicNumbers.Count];
        var bonds = new List<(int, int)>();
        foreach (var (a, b) in connectivity)
        {
            if (node[a] >= 0 && node[b] >= 0)
                bonds.Add((node[a], node[b]));
            else if (node[a] >= 0)
                hydrogens[node[a]]++;
            else if (node[b] >= 0)
                hydrogens[node[b]]++;
        }
        var bondArray = bonds.ToArray();
        return new HeavyAtomGraph([.. atomicNumbers], hydrogens, bondArray, RingAtoms(atomicNumbers.Count, bondArray));
    }

    // A bond lies on a ring when its ends stay connected without it; molecules are small, so a search per bond will do.
    private static bool[] RingAtoms(int nodes, (int A, int B)[] bonds)
    {
        var adjacency = new List<(int Other, int Bond)>[nodes];
        for (int i = 0; i < nodes; i++)
            adjacency[i] = [];
        for (int b = 0; b < bonds.Length; b++)
        {
            adjacency[bonds[b].A].Add((bonds[b].B, b));
            adjacency[bonds[b].B].Add((bonds[b].A, b));
        }
        var inRing = new bool[nodes];
        var seen = new bool[nodes];
        var stack = new Stack<int>();
        for (int b = 0; b < bonds.Length; b++)
        {
            var (from, to) = bonds[b];
            if (inRing[from] && inRing[to])
                continue;
            Array.Clear(seen);
            stack.Clear();
            stack.Push(from);
            seen[from] = true;
            bool found = false;
            while (stack.Count > 0 && !found)
            {
                int current = stack.Pop();
                foreach (var (other, bond) in adjacency[current])
                {
                    if (bond == b || seen[other])
                        continue;
                    if (other == to)
                    {
                        found = true;
                        break;
                    }
                    seen[other] = true;
                    stack.Push(other);
                }
            }
            if (found)
                inRing[from] = inRing[to] = true;
        }
        return inRing;
    }
}
