using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Chemistry;

public class SdfTests
{
    private static List<MoleculeRecord> Read(string text, string source = "test.sdf") =>
        SdfFormat.Read(new StringReader(text), source).ToList();

    private static readonly Vec3[] EthanolAngstrom =
    [
        new(0.9216, 0.0377, 0.0391), new(2.4359, 0.0311, 0.0421), new(2.9176, -1.2908, -0.1495),
        new(0.5368, 1.0521, 0.1757), new(0.5296, -0.5986, 0.8393), new(0.5361, -0.3629, -0.9043),
        new(2.8273, 0.4139, 0.9896), new(2.8229, 0.6556, -0.7683), new(2.5780, -1.8355, 0.5809),
    ];

    private static readonly Bond[] EthanolBonds = [new(0, 1, 1), new(1, 2, 1), new(0, 3, 1), new(0, 4, 1), new(0, 5, 1), new(1, 6, 1), new(1, 7, 1), new(2, 8, 1)];

    [Fact]
    public async Task An_SDF_that_Open_Babel_builds_reads_with_Open_Babel_s_atoms_and_bonds()
    {
        using var dir = new TempFolder();
        await ExternalPrograms.RunAsync(dir.Path, "obabel", "-:CCO ethanol", "--gen3d", "-osdf", "-O", "ethanol.sdf");
        using var reader = new StreamReader(dir.File("ethanol.sdf"));
        var record = SdfFormat.Read(reader, "ethanol.sdf").Single();
        Assert.True(record.IsValid, record.Error);
        var molecule = record.Molecule!;
        Assert.Equal("ethanol", molecule.Name);

        // Open Babel's own reading of the same file: its XYZ (elements, coordinates) and its bond counts.
        var xyz = XyzFormat.Read(new StringReader(await ExternalPrograms.RunAsync(dir.Path, "obabel", "ethanol.sdf", "-oxyz")), "obabel").Single().Molecule!;
        Assert.Equal(xyz.AtomicNumbers.ToArray(), molecule.AtomicNumbers.ToArray());
        for (int i = 0; i < xyz.AtomCount; i++)
            Assert.True(Vec3.Distance(xyz.PositionsAngstrom[i], molecule.PositionsAngstrom[i]) < 1e-9);
        var counts = (await ExternalPrograms.RunAsync(dir.Path, "obabel", "ethanol.sdf", "-otxt", "--append", "bonds sbonds formula")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["ethanol", "8", "8", "C2H6O"], counts);
        Assert.Equal(8, molecule.Bonds.Length);
        Assert.All(molecule.Bonds, b => Assert.Equal(1, b.Order));
        // Chemistry that any correct bond list shows: every H has one bond, C-C, C-O and O-H are there.
        var degree = new int[molecule.AtomCount];
        foreach (var b in molecule.Bonds) { degree[b.Atom1]++; degree[b.Atom2]++; }
        for (int i = 0; i < molecule.AtomCount; i++)
            Assert.Equal(molecule.AtomicNumbers[i] switch { 1 => 1, 6 => 4, 8 => 2, _ => -1 }, degree[i]);
        var pairs = molecule.Bonds.Select(b => (Math.Min(molecule.AtomicNumbers[b.Atom1], molecule.AtomicNumbers[b.Atom2]), Math.Max(molecule.AtomicNumbers[b.Atom1], molecule.AtomicNumbers[b.Atom2]))).ToList();
        Assert.Equal(1, pairs.Count(p => p == (6, 6)));
        Assert.Equal(1, pairs.Count(p => p == (6, 8)));
        Assert.Equal(1, pairs.Count(p => p == (1, 8)));
    }

    [Fact]
    public async Task All_of_qm7_converted_by_Open_Babel_reads_with_the_same_atoms_and_Open_Babel_s_bond_counts()
    {
        using var dir = new TempFolder();
        var xyzPath = TestData.DataFile("qm7", "qm7_pbe0_dftb.xyz");
        await ExternalPrograms.RunAsync(dir.Path, "obabel", xyzPath, "-osdf", "-O", "qm7.sdf");
        var bondCounts = (await ExternalPrograms.RunAsync(dir.Path, "obabel", "qm7.sdf", "-otxt", "--append", "bonds"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => int.Parse(line.Split(' ')[^1], CultureInfo.InvariantCulture)).ToList();
        List<MoleculeRecord> sdf, xyz;
        using (var reader = new StreamReader(dir.File("qm7.sdf")))
            sdf = SdfFormat.Read(reader, "qm7.sdf").ToList();
        using (var reader = new StreamReader(xyzPath))
            xyz = XyzFormat.Read(reader, "qm7.xyz").ToList();

        Assert.Equal(7101, sdf.Count);
        Assert.Equal(bondCounts, sdf.Select(r => r.Molecule?.Bonds.Length ?? -1));
        for (int m = 0; m < sdf.Count; m++)
        {
            var a = sdf[m].Molecule!;
            var b = xyz[m].Molecule!;
            Assert.Equal(b.AtomicNumbers.ToArray(), a.AtomicNumbers.ToArray());
            Assert.Equal(0, a.Charge);
            for (int i = 0; i < a.AtomCount; i++)
                Assert.True(Vec3.Distance(a.PositionsAngstrom[i], b.PositionsAngstrom[i]) < 1e-4); // 4 decimals in the molfile
        }
    }

    [Fact]
    public async Task Open_Babel_reads_what_we_write_with_the_same_coordinates_bonds_and_charge()
    {
        using var dir = new TempFolder();
        var ethanol = Molecule.Create([6, 6, 8, 1, 1, 1, 1, 1, 1], EthanolAngstrom, bonds: EthanolBonds, name: "ethanol");
        var ammonium = Molecule.Create([7, 1, 1, 1, 1],
            [new(0, 0, 0), new(0.6, 0.6, 0.6), new(-0.6, -0.6, 0.6), new(-0.6, 0.6, -0.6), new(0.6, -0.6, -0.6)],
            charge: 1, bonds: [new(0, 1, 1), new(0, 2, 1), new(0, 3, 1), new(0, 4, 1)], name: "ammonium");
        var hydroxide = Molecule.Create([8, 1], [new(0, 0, 0), new(0, 0, 0.97)], charge: -1, name: "hydroxide without bonds");
        File.WriteAllText(dir.File("ours.sdf"), SdfFormat.ToText(ethanol) + SdfFormat.ToText(ammonium) + SdfFormat.ToText(hydroxide));

        var frames = XyzFormat.Read(new StringReader(await ExternalPrograms.RunAsync(dir.Path, "obabel", "ours.sdf", "-oxyz")), "obabel").ToList();
        Molecule[] written = [ethanol, ammonium, hydroxide];
        Assert.Equal(3, frames.Count);
        for (int m = 0; m < 3; m++)
        {
            Assert.Equal(written[m].Name, frames[m].Molecule!.Name);
            Assert.Equal(written[m].AtomicNumbers.ToArray(), frames[m].Molecule!.AtomicNumbers.ToArray());
            for (int i = 0; i < written[m].AtomCount; i++)
                Assert.True(Vec3.Distance(written[m].PositionsAngstrom[i], frames[m].Molecule!.PositionsAngstrom[i]) < 1e-4);
        }
        var smiles = (await ExternalPrograms.RunAsync(dir.Path, "obabel", "ours.sdf", "-ocan", "-xn")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("CCO", smiles[0]);
        Assert.Equal("[NH4+]", smiles[1]);
        var formulas = (await ExternalPrograms.RunAsync(dir.Path, "obabel", "ours.sdf", "-otxt", "--append", "formula")).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["C2H6O", "H4N+", "HO-"], formulas.Select(line => line.Split(' ')[^1])); // each line: title, then formula with charge
    }

    [Fact]
    public void What_we_write_we_read_back_with_charge_multiplicity_and_data()
    {
        var hydronium = Molecule.Create([8, 1, 1, 1], [new(0, 0, 0), new(0.97, 0, 0), new(-0.32, 0.91, 0), new(-0.32, -0.45, 0.8)], charge: 1, name: "hydronium");
        var oxygen = Molecule.Create([8, 8], [new(0, 0, 0), new(0, 0, 1.2075)], multiplicity: 3, name: "triplet oxygen");
        var data = new Dictionary<string, string> { ["energy_hartree"] = "-76.123456789", ["note"] = "two\nlines", [SdfFormat.TotalChargeField] = "1" };
        var records = Read(SdfFormat.ToText(hydronium, data) + SdfFormat.ToText(oxygen));

        var h3o = records[0].Molecule!;
        Assert.Equal((1, 1, "hydronium"), (h3o.Charge, h3o.Multiplicity, h3o.Name));
        Assert.Empty(h3o.Bonds);
        Assert.Equal("-76.123456789", records[0].Info["energy_hartree"]);
        Assert.Equal("two\nlines", records[0].Info["note"]);
        Assert.Equal("1", records[0].Info[SdfFormat.TotalChargeField]);
        for (int i = 0; i < 4; i++)
            Assert.True(Vec3.Distance(hydronium.PositionsAngstrom[i], h3o.PositionsAngstrom[i]) < 5e-5);
        Assert.Equal((0, 3), (records[1].Molecule!.Charge, records[1].Molecule!.Multiplicity));

        var ethanol = Read(SdfFormat.ToText(Molecule.Create([6, 6, 8, 1, 1, 1, 1, 1, 1], EthanolAngstrom, bonds: EthanolBonds))).Single().Molecule!;
        Assert.Equal(EthanolBonds, ethanol.Bonds.ToArray());
        Assert.Null(ethanol.Name);
    }

    private static string Molfile(string title, string atoms, string bonds = "", string properties = "", string data = "")
    {
        var atomLines = atoms.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var bondLines = bonds.Split(';', StringSplitOptions.RemoveEmptyEntries);
        var text = $"{title}\n  handmade\n\n{atomLines.Length,3}{bondLines.Length,3}  0  0  0  0  0  0  0  0999 V2000\n";
        foreach (var a in atomLines)
        {
            var f = a.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double x = double.Parse(f[1], CultureInfo.InvariantCulture), y = double.Parse(f[2], CultureInfo.InvariantCulture), z = double.Parse(f[3], CultureInfo.InvariantCulture);
            int code = f.Length > 4 ? int.Parse(f[4], CultureInfo.InvariantCulture) : 0;
            text += string.Create(CultureInfo.InvariantCulture, $"{x,10:F4}{y,10:F4}{z,10:F4} {f[0],-3} 0{code,3}  0  0  0  0  0  0  0  0  0  0\n");
        }
        foreach (var b in bondLines)
        {
            var f = b.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
            text += $"{f[0],3}{f[1],3}{f[2],3}  0  0  0  0\n";
        }
        return text + properties + "M  END\n" + data + "$$$$\n";
    }

    [Fact]
    public void Radical_centres_set_the_multiplicity_and_charge_lines_supersede_the_atom_block()
    {
        var text =
            Molfile("triplet methylene", "C 0 0 0;H 1.08 0 0;H -0.3 1.04 0", "1 2 1;1 3 1", "M  RAD  1   1   3\n") +
            Molfile("methyl radical", "C 0 0 0;H 1.08 0 0;H -0.54 0.94 0;H -0.54 -0.94 0", "1 2 1;1 3 1;1 4 1", "M  RAD  1   1   2\n") +
            Molfile("ethylene biradical", "C 0 0 0;C 1.5 0 0;H -0.5 0.9 0;H -0.5 -0.9 0;H 2 0.9 0;H 2 -0.9 0", "1 2 1;1 3 1;1 4 1;2 5 1;2 6 1", "M  RAD  2   1   2   2   2\n") +
            Molfile("doublet in the atom block", "C 0 0 0 4;H 1.08 0 0;H -0.54 0.94 0;H -0.54 -0.94 0", "1 2 1;1 3 1;1 4 1") +
            Molfile("glycine zwitterion", "N 0 0 0 3;C 1.5 0 0;C 2.1 1.4 0;O 3.3 1.5 0;O 1.3 2.4 0 5", "1 2 1;2 3 1;3 4 2;3 5 1", "M  CHG  2   1   1   5  -1\n") +
            Molfile("ammonium, charge twice", "N 0 0 0 3;H 0.6 0.6 0.6;H -0.6 -0.6 0.6;H -0.6 0.6 -0.6;H 0.6 -0.6 -0.6", "1 2 1;1 3 1;1 4 1;1 5 1", "M  CHG  1   1   1\n") +
            Molfile("charges disagree", "Na 0 0 0", "", "M  CHG  1   1   1\n", "> <total_charge>\n0\n\n") +
            Molfile("singlet by field", "C 0 0 0;C 1.5 0 0;H -0.5 0.9 0;H -0.5 -0.9 0;H 2 0.9 0;H 2 -0.9 0", "1 2 1;1 3 1;1 4 1;2 5 1;2 6 1", "M  RAD  2   1   2   2   2\n", "> <multiplicity>\n1\n\n");
        var records = Read(text);
        Assert.Equal([3, 2, 3, 2], records.Take(4).Select(r => r.Molecule!.Multiplicity));
        Assert.Equal(0, records[4].Molecule!.Charge);
        Assert.Equal(1, records[5].Molecule!.Charge);
        Assert.Equal("test.sdf record 7 (line 90): the formal charges add up to +1 but the total_charge field says 0; make them agree", records[6].Error);
        Assert.Equal(1, records[7].Molecule!.Multiplicity);
    }

    [Fact]
    public void Data_fields_go_into_info_and_the_title_names_the_molecule()
    {
        var text = Molfile("  water  ", "O 0 0 0.1173;H 0 0.7572 -0.4692;H 0 -0.7572 -0.4692", "1 2 1;1 3 1", "M  ISO  1   1  18\n",
            "> <PUBCHEM_COMPOUND_CID>\n962\n\n>  25  <MELTING.POINT> (MD-08974)\n0.0\n\n> <comment>\nfirst line\nsecond line\n\n");
        var record = Read(text).Single();
        Assert.Equal("water", record.Molecule!.Name);
        Assert.Equal(new Dictionary<string, string> { ["PUBCHEM_COMPOUND_CID"] = "962", ["MELTING.POINT"] = "0.0", ["comment"] = "first line\nsecond line" }, record.Info);
    }

    [Fact]
    public void Bad_records_are_named_and_the_good_ones_around_them_read()
    {
        var good = Molfile("neon", "Ne 0 0 0");                                            // 7 lines each: title, 2 header lines, counts, atom, M  END, $$$$
        var text =
            good +                                                                           // record 1, lines 1-7
            Molfile("unknown", "C 0 0 0;Qx 1.5 0 0", "1 2 1") +                              // record 2, lines 8-16: Qx on line 13
            "v3000\n  handmade\n\n  0  0  0     0  0            999 V3000\nM  V30 BEGIN CTAB\nM  END\n$$$$\n" + // record 3, lines 17-23
            "bad coordinate\n  handmade\n\n  1  0  0  0  0  0  0  0  0  0999 V2000\n    0.0000    zero        0.0000 Ne\nM  END\n$$$$\n" + // record 4, lines 24-30
            Molfile("query bond", "C 0 0 0;C 1.5 0 0", "1 2 8") +                            // record 5, lines 31-39: bond on line 37
            Molfile("clash", "C 0 0 0;C 0.2 0 0") +                                         // record 6, lines 40-47
            "truncated\n  handmade\n\n  3  2  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 O   0  0\n$$$$\n" + // record 7, lines 48-53
            good;                                                                            // record 8, lines 54-60
        var records = Read(text);
        Assert.Equal([true, false, false, false, false, false, false, true], records.Select(r => r.IsValid));
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], records.Select(r => r.Index));
        Assert.StartsWith("test.sdf record 2 (line 8): line 13 has 'Qx' for atom 2, which is no element symbol", records[1].Error);
        Assert.StartsWith("test.sdf record 3 (line 17): line 20 declares a V3000 molfile", records[2].Error);
        Assert.StartsWith("test.sdf record 4 (line 24): line 28 holds '0.0000    zero        0.0000 Ne' where an atom line", records[3].Error);
        Assert.StartsWith("test.sdf record 5 (line 31): line 37 has bond type 8, a query bond", records[4].Error);
        Assert.StartsWith("test.sdf record 6 (line 40): atoms 1 (C) and 2 (C) are 0.2 angstrom apart", records[5].Error);
        Assert.StartsWith("test.sdf record 7 (line 48): the record ends at line 52, inside the 3 atom and 2 bond lines", records[6].Error);
        Assert.Equal("neon", records[7].Molecule!.Name);
        Assert.Equal("test.sdf record 8 (line 54)", records[7].Location);
    }

    [Fact]
    public void The_writer_refuses_what_would_not_read_back()
    {
        var neon = Molecule.Create([10], [Vec3.Zero]);
        Assert.Contains("contradicts the molecule's charge 0", Assert.Throws<ArgumentException>(() => SdfFormat.ToText(neon, new Dictionary<string, string> { ["total_charge"] = "1" })).Message);
        Assert.Contains("blank line", Assert.Throws<ArgumentException>(() => SdfFormat.ToText(neon, new Dictionary<string, string> { ["note"] = "a\n\nb" })).Message);
        Assert.Contains("cannot name an SD data field", Assert.Throws<ArgumentException>(() => SdfFormat.ToText(neon, new Dictionary<string, string> { ["a<b"] = "1" })).Message);
        var big = Molecule.Create(Enumerable.Repeat(10, 1000), Enumerable.Range(0, 1000).Select(i => new Vec3(i, 0, 0)));
        Assert.Contains("more than a V2000 molfile holds", Assert.Throws<ArgumentException>(() => SdfFormat.ToText(big)).Message);
    }
}
