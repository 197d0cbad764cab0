using System.Collections;
using System.Text;
using System.Text.Json;
using Greenspace.Chemistry;
using Greenspace.Learning.Representations;
using Greenspace.Tests.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Learning.Representations;

public class EcfpTests
{
    private static readonly Ecfp Ecfp4 = new();

    [Fact]
    public void Atom_order_does_not_change_the_bits()
    {
        var random = new Random(7);
        foreach (var molecule in Qm7.Sample)
        {
            var permuted = molecule.Permute(Moves.RandomOrder(molecule.AtomCount, random));
            Assert.True(Same(Ecfp4.Bits(molecule), Ecfp4.Bits(permuted)), $"{molecule}: a relabeling changed the fingerprint");
        }
    }

    [Fact]
    public void The_same_molecule_gives_the_same_bits_and_isomers_differ()
    {
        // Ethanol and dimethyl ether share C2H6O; propanal, acetone and their isomers share C3H6O.
        foreach (string formula in new[] { "C2H6O", "C3H6O" })
        {
            var isomers = Qm7.All.Where(m => m.Formula == formula).ToList();
            Assert.True(isomers.Count >= 2, formula);
            var first = Ecfp4.Bits(isomers[0]);
            Assert.True(Same(first, Ecfp4.Bits(Moves.RotateAndTranslate(isomers[0], new Random(3)))));
            var distinct = isomers.Select(m => Key(Ecfp4.Bits(m))).Distinct().Count();
            Assert.True(distinct >= 2, $"{formula}: {isomers.Count} isomers give {distinct} fingerprints");
        }
        var ethanol = Qm7.All.First(m => m.Formula == "C2H6O" && HasBond(m, 6, 6));
        var ether = Qm7.All.First(m => m.Formula == "C2H6O" && !HasBond(m, 6, 6));
        Assert.False(Same(Ecfp4.Bits(ethanol), Ecfp4.Bits(ether)));
    }

    [Fact]
    public void Bonds_given_with_the_molecule_are_used_instead_of_distances()
    {
        // Ethane's geometry with a bond list that makes it two methyl radicals: the fingerprint follows the bonds given.
        var ethane = Qm7.All[1];
        var bonds = BondPerception.Connectivity(ethane).Where(b => ethane.AtomicNumbers[b.A] != 6 || ethane.AtomicNumbers[b.B] != 6)
            .Select(b => new Bond(b.A, b.B, 1));
        var split = Molecule.Create(ethane.AtomicNumbers, ethane.PositionsAngstrom, bonds: bonds);
        Assert.False(Same(Ecfp4.Bits(ethane), Ecfp4.Bits(split)));
        Assert.Equal(2, Ecfp4.Environments(split).Count); // one identifier per carbon, and no environment to grow
    }

    [Fact]
    public async Task Perceived_bonds_equal_Open_Babels_on_all_of_QM7()
    {
        string directory = TestData.NewTempDirectory("gs-ecfp-");
        string sdf = Path.Combine(directory, "qm7.sdf");
        await ExternalPrograms.RunAsync(directory, "obabel", "-ixyz", Qm7.Path, "-osdf", "-O", sdf);
        using var reader = new StreamReader(sdf);
        var fromOpenBabel = SdfFormat.Read(reader, "qm7.sdf").ToList();
        Assert.Equal(Qm7.All.Count, fromOpenBabel.Count);
        var disagreements = new List<string>();
        for (int i = 0; i < Qm7.All.Count; i++)
        {
            var ours = BondPerception.Connectivity(Qm7.All[i]);
            var theirs = BondPerception.Connectivity(fromOpenBabel[i].Molecule!); // its bond list, read back
            if (!ours.SequenceEqual(theirs))
                disagreements.Add($"{Qm7.All[i]}: ours {string.Join(" ", ours.Except(theirs))} not theirs, theirs {string.Join(" ", theirs.Except(ours))} not ours");
        }
        Directory.Delete(directory, true);
        Assert.True(disagreements.Count == 0, $"{disagreements.Count} molecules differ: {string.Join("; ", disagreements.Take(5))}");
    }

    [Fact]
    public async Task Bits_and_identifiers_equal_RDKits_Morgan_fingerprint_on_all_of_QM7()
    {
        // RDKit (Debian python3-rdkit 2022.09) gets each molecule's atoms and connectivity, folds the hydrogens
        // itself (RemoveHs), finds its own rings and computes GetMorganFingerprintAsBitVect(radius 2, 2048 bits,
        // useBondTypes=False) and the unfolded GetMorganFingerprint with counts.
        string directory = TestData.NewTempDirectory("gs-ecfp-");
        string input = Path.Combine(directory, "molecules.json");
        var payload = Qm7.All.Select(m => new { z = m.AtomicNumbers.ToArray(), bonds = BondPerception.Connectivity(m).Select(b => new[] { b.A, b.B }).ToArray() });
        File.WriteAllText(input, JsonSerializer.Serialize(payload));
        string output = await ExternalPrograms.RunAsync(directory, ExternalPrograms.Python, "-c", RdkitScript, input);
        Directory.Delete(directory, true);

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Qm7.All.Count, lines.Length);
        int differentBits = 0, differentIdentifiers = 0;
        string? firstDifference = null;
        for (int i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var rdkitBits = json.RootElement.GetProperty("bits").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var rdkitIdentifiers = json.RootElement.GetProperty("ids").EnumerateObject().ToDictionary(p => uint.Parse(p.Name), p => p.Value.GetInt32());

            var bits = Ecfp4.Bits(Qm7.All[i]);
            var ours = Enumerable.Range(0, bits.Length).Where(b => bits[b]).ToArray();
            var identifiers = Ecfp4.Environments(Qm7.All[i]).GroupBy(e => e.Identifier).ToDictionary(g => g.Key, g => g.Count());
            bool sameBits = ours.SequenceEqual(rdkitBits);
            bool sameIdentifiers = identifiers.Count == rdkitIdentifiers.Count && identifiers.All(p => rdkitIdentifiers.GetValueOrDefault(p.Key) == p.Value);
            if (!sameBits)
                differentBits++;
            if (!sameIdentifiers)
                differentIdentifiers++;
            if ((!sameBits || !sameIdentifiers) && firstDifference is null)
                firstDifference = $"{Qm7.All[i]}: ours {string.Join(" ", ours)} / RDKit {string.Join(" ", rdkitBits)}";
        }
        Assert.True(differentBits == 0 && differentIdentifiers == 0,
            $"{differentBits} fingerprints and {differentIdentifiers} identifier sets differ from RDKit's; first: {firstDifference}");
    }

    private const string RdkitScript = """
        import json, sys
        from rdkit import Chem, RDLogger
        from rdkit.Chem import AllChem
        RDLogger.DisableLog('rdApp.*')
        for molecule in json.load(open(sys.argv[1])):
            editable = Chem.RWMol()
            for z in molecule['z']:
                atom = Chem.Atom(z)
                atom.SetNoImplicit(True)
                editable.AddAtom(atom)
            for a, b in molecule['bonds']:
                editable.AddBond(a, b, Chem.BondType.SINGLE)
            mol = Chem.RemoveHs(editable.GetMol(), sanitize=False)
            mol.UpdatePropertyCache(strict=False)
            Chem.FastFindRings(mol)
            bits = AllChem.GetMorganFingerprintAsBitVect(mol, 2, nBits=2048, useBondTypes=False)
            ids = AllChem.GetMorganFingerprint(mol, 2, useBondTypes=False).GetNonzeroElements()
            print(json.dumps({'bits': list(bits.GetOnBits()), 'ids': {str(k): v for k, v in ids.items()}}))
        """;

    private static bool Same(BitArray a, BitArray b) => Key(a) == Key(b);

    private static string Key(BitArray bits)
    {
        var text = new StringBuilder(bits.Length);
        foreach (bool bit in bits)
            text.Append(bit ? '1' : '0');
        return text.ToString();
    }

    private static bool HasBond(Molecule m, int za, int zb) =>
        BondPerception.Connectivity(m).Any(b => (m.AtomicNumbers[b.A] == za && m.AtomicNumbers[b.B] == zb) || (m.AtomicNumbers[b.A] == zb && m.AtomicNumbers[b.B] == za));
}
