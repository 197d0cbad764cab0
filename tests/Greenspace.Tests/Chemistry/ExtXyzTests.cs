using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Greenspace.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Chemistry;

public class ExtXyzTests
{
    private static List<MoleculeRecord> Read(string text, string source = "test.extxyz") =>
        ExtXyzFormat.Read(new StringReader(text), source).ToList();

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static List<MoleculeRecord> ReadQm9()
    {
        using var reader = new StreamReader(TestData.DataFile("qm9-subset", "qm9_20_b3lyp.extxyz"));
        return ExtXyzFormat.Read(reader, "qm9_20_b3lyp.extxyz").ToList();
    }

    [Fact]
    public async Task Qm9_frames_match_the_chemprop_table_of_the_same_molecules()
    {
        var records = ReadQm9();
        Assert.Equal(20, records.Count);
        Assert.All(records, r => Assert.True(r.IsValid, r.Error));
        Assert.Equal("CH4", records[0].Molecule!.Formula);
        Assert.Equal(Enumerable.Range(1, 20).Select(i => i.ToString(CultureInfo.InvariantCulture)), records.Select(r => r.Info["id"]));

        // chemprop's QM9 table lists the same first 20 molecules as SMILES with U0 in Hartree: an independent copy of QM9.
        var rows = File.ReadLines(TestData.DataFile("qm9-subset", "qm9_subset_chemprop_mol_multitask.csv")).Skip(1).Take(20)
            .Select(line => line.Split(',')).ToList();
        for (int i = 0; i < 20; i++)
            Assert.Equal(Number(rows[i][9]), Number(records[i].Info["energy_U0"]));
        Assert.Equal(-40.47893, Number(records[0].Info["energy_U0"])); // methane, QM9 B3LYP/6-31G(2df,p)

        // Open Babel turns the table's SMILES into formulas; ours come from the coordinates.
        using var dir = new TempFolder();
        File.WriteAllLines(dir.File("qm9.smi"), rows.Select(r => r[0].Trim('"')));
        var formulas = (await ExternalPrograms.RunAsync(dir.Path, "obabel", "qm9.smi", "-otxt", "--append", "formula"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(formulas, records.Select(r => r.Molecule!.Formula));
    }

    [Fact]
    public async Task Qm9_is_read_by_us_as_ASE_reads_it()
    {
        var records = ReadQm9();
        var ase = JsonDocument.Parse(await ExternalPrograms.AseReadAsync(TestData.DataFile("qm9-subset", "qm9_20_b3lyp.extxyz"))).RootElement;
        Assert.Equal(ase.GetArrayLength(), records.Count);
        for (int f = 0; f < records.Count; f++)
        {
            var frame = ase[f];
            var molecule = records[f].Molecule!;
            Assert.Equal(frame.GetProperty("numbers").EnumerateArray().Select(e => e.GetInt32()), molecule.AtomicNumbers);
            var positions = frame.GetProperty("positions").EnumerateArray().ToList();
            for (int i = 0; i < molecule.AtomCount; i++)
            {
                var p = positions[i].EnumerateArray().Select(e => e.GetDouble()).ToArray();
                Assert.Equal(new Vec3(p[0], p[1], p[2]), molecule.PositionsAngstrom[i]);
            }
            // ASE takes pbc out of info; every other key it reads as a number, and so must ours parse.
            var info = frame.GetProperty("info").EnumerateObject().ToList();
            Assert.Equal(info.Select(p => p.Name).Order(), records[f].Info.Keys.Where(k => k != "pbc"));
            foreach (var property in info)
                Assert.Equal(property.Value.GetDouble(), Number(records[f].Info[property.Name]));
        }
    }

    [Fact]
    public void Comment_values_may_be_quoted_escaped_spaced_or_bare()
    {
        var record = Read("1\nProperties=species:S:1:pos:R:3 a = 1 b=\"x y\" c d=[1,2,3] e=T f='T F' g=\"say \\\"hi\\\"\" h={4 5} i=x=y empty=\"\" after=2\nNe 0 0 0\n").Single();
        Assert.True(record.IsValid, record.Error);
        Assert.Equal(new Dictionary<string, string>
        {
            ["a"] = "1", ["b"] = "x y", ["c"] = "T", ["d"] = "1,2,3", ["e"] = "T", ["f"] = "T F",
            ["g"] = "say \"hi\"", ["h"] = "4 5", ["i"] = "x=y", ["empty"] = "", ["after"] = "2",
        }, record.Info);
    }

    [Fact]
    public void Extra_columns_become_atom_columns_and_charge_keys_set_the_molecule()
    {
        const string text = """
            2
            Properties=species:S:1:pos:R:3:forces:R:3:tag:I:1:fixed:L:1:label:S:1 charge=1 spin=3 name="hydroxyl cation"
            o  0.0 0.0 0.0   0.1 -0.2 0.3   7  T  oxygen
            1  0.0 0.0 0.97  -0.1 0.2 -0.3  8  F  hydrogen
            """;
        var record = Read(text).Single();
        Assert.True(record.IsValid, record.Error);
        var molecule = record.Molecule!;
        Assert.Equal((8, 1), (molecule.AtomicNumbers[0], molecule.AtomicNumbers[1]));
        Assert.Equal((1, 3), (molecule.Charge, molecule.Multiplicity));
        Assert.Equal("hydroxyl cation", molecule.Name);
        Assert.Equal(["fixed", "forces", "tag"], record.AtomColumns.Keys);
        Assert.Equal([0.1, -0.2, 0.3], record.AtomColumns["forces"][0]);
        Assert.Equal([8.0], record.AtomColumns["tag"][1]);
        Assert.Equal([1.0], record.AtomColumns["fixed"][0]);
        Assert.Equal([0.0], record.AtomColumns["fixed"][1]);
    }

    [Fact]
    public void Bad_frames_are_named_and_the_good_ones_around_them_read()
    {
        const string text =
            "1\nProperties=species:S:1:pos:R:3\nNe 0 0 0\n" +                             // 1, lines 1-3: good
            "1\nProperties=species:S:1:pos:R:3:q:R:1\nNe 0 0 0\n" +                       // 2, lines 4-6: a missing column
            "1\nProperties=species:S:1:pos:X:3\nNe 0 0 0\n" +                             // 3, lines 7-9: type X
            "1\nLattice=\"5 0 0 0 5 0 0 0 5\"\nNe 0 0 0\n" +                              // 4, lines 10-12: periodic
            "2\nProperties=species:S:1:pos:R:3:q:I:1\nNe 0 0 0 1\nNe 0 0 3 one\n" +        // 5, lines 13-16: 'one' not integer
            "1\nProperties=species:S:1:pos:R:3\nQq 0 0 0\n" +                              // 6, lines 17-19: unknown element
            "0\n\n" +                                                                     // 7, lines 20-21: empty
            "1\ncharge=1 multiplicity=1\nNe 0 0 0\n" +                                    // 8, lines 22-24: 9 electrons, singlet
            "1\n\nAr 0 0 0\n";                                                            // 9, lines 25-27: good
        var records = Read(text);
        Assert.Equal([true, false, false, false, false, false, false, false, true], records.Select(r => r.IsValid));
        Assert.StartsWith("test.extxyz frame 2 (line 4): line 6 has 4 values where Properties declares 5", records[1].Error);
        Assert.StartsWith("test.extxyz frame 3 (line 7): Properties=species:S:1:pos:X:3 gives column pos the type 'X'", records[2].Error);
        Assert.StartsWith("test.extxyz frame 4 (line 10): the frame is periodic", records[3].Error);
        Assert.StartsWith("test.extxyz frame 5 (line 13): line 16 has 'one' in column q, which Properties declares integer", records[4].Error);
        Assert.StartsWith("test.extxyz frame 6 (line 17): line 19 has 'Qq' where an element belongs", records[5].Error);
        Assert.StartsWith("test.extxyz frame 7 (line 20): the frame declares 0 atoms", records[6].Error);
        Assert.StartsWith("test.extxyz frame 8 (line 22): multiplicity 1 does not fit 9 electrons", records[7].Error);
        Assert.Equal("Ar", records[8].Molecule!.Formula);
    }

    private static ExtXyzFrame EthanolFrame()
    {
        var molecule = Molecule.Create(
            [6, 6, 8, 1, 1, 1, 1, 1, 1],
            [
                new(0.9216, 0.0377, 0.0391), new(2.4359, 0.0311, 0.0421), new(2.9176, -1.2908, -0.1495),
                new(0.5368, 1.0521, 0.1757), new(0.5296, -0.5986, 0.8393), new(0.5361, -0.3629, -0.9043),
                new(2.8273, 0.4139, 0.9896), new(2.8229, 0.6556, -0.7683), new(2.5780, -1.8355, 0.5809),
            ],
            charge: 1, name: "ethanol radical cation");
        double[][] forces = [.. Enumerable.Range(0, 9).Select(i => new[] { 0.01 * i, -0.02 * i, 1.0 / (i + 3) })];
        double[][] mulliken = [.. Enumerable.Range(0, 9).Select(i => new[] { 0.1 * i - 0.3 })];
        return new ExtXyzFrame(molecule)
        {
            Info = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["energy"] = "-4207.1234567891",
                ["energy_hartree"] = "-154.60612345678912",
                ["method"] = "GFN2-xTB 6.6.1",
                ["converged"] = "T",
                ["dipole_debye"] = "0.1 -1.5 2.25",
                ["steps"] = "12",
                ["note"] = "a \"quoted\" word and a back\\slash",
            }),
            AtomColumns = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, ImmutableArray<double[]>>
            {
                ["forces"] = [.. forces],
                ["mulliken"] = [.. mulliken],
            }),
        };
    }

    [Fact]
    public async Task What_we_write_ASE_reads_back_with_positions_info_and_columns()
    {
        var frame = EthanolFrame();
        using var dir = new TempFolder();
        var path = dir.File("ethanol.extxyz");
        File.WriteAllText(path, ExtXyzFormat.ToText(frame) + ExtXyzFormat.ToText(frame with { Molecule = frame.Molecule.WithChargeAndMultiplicity(1, 4) }));

        var ase = JsonDocument.Parse(await ExternalPrograms.AseReadAsync(path)).RootElement;
        Assert.Equal(2, ase.GetArrayLength());
        var atoms = ase[0];
        var molecule = frame.Molecule;
        Assert.Equal(molecule.AtomicNumbers, atoms.GetProperty("numbers").EnumerateArray().Select(e => e.GetInt32()));
        var positions = atoms.GetProperty("positions").EnumerateArray().Select(p => p.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToList();
        for (int i = 0; i < molecule.AtomCount; i++)
            Assert.True(Vec3.Distance(molecule.PositionsAngstrom[i], new Vec3(positions[i][0], positions[i][1], positions[i][2])) < 1e-10);
        Assert.Equal([false, false, false], atoms.GetProperty("pbc").EnumerateArray().Select(e => e.GetBoolean()));

        var info = atoms.GetProperty("info");
        Assert.Equal("ethanol radical cation", info.GetProperty("name").GetString());
        Assert.Equal(1, info.GetProperty("charge").GetInt32());
        Assert.Equal(2, info.GetProperty("spin").GetInt32());
        Assert.Equal(-154.60612345678912, info.GetProperty("energy_hartree").GetDouble());
        Assert.Equal("GFN2-xTB 6.6.1", info.GetProperty("method").GetString());
        Assert.True(info.GetProperty("converged").GetBoolean());
        Assert.Equal([0.1, -1.5, 2.25], info.GetProperty("dipole_debye").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(12, info.GetProperty("steps").GetInt32());
        Assert.Equal("a \"quoted\" word and a back\\slash", info.GetProperty("note").GetString());
        Assert.Equal(4, ase[1].GetProperty("info").GetProperty("spin").GetInt32());

        // ASE 3.22 keeps a bare energy in info and per-atom forces in arrays, and also hands both to a calculator as its results, taken as eV and eV/angstrom.
        Assert.Equal(-4207.1234567891, info.GetProperty("energy").GetDouble());
        var results = atoms.GetProperty("results");
        Assert.Equal(-4207.1234567891, results.GetProperty("energy").GetDouble());
        var forces = results.GetProperty("forces").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToList();
        for (int i = 0; i < molecule.AtomCount; i++)
            Assert.Equal(frame.AtomColumns["forces"][i], forces[i]);
        var mulliken = atoms.GetProperty("arrays").GetProperty("mulliken").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(frame.AtomColumns["mulliken"].Select(r => r[0]), mulliken);
    }

    [Fact]
    public void What_we_write_we_read_back_whole()
    {
        var frame = EthanolFrame();
        var record = Read(ExtXyzFormat.ToText(frame)).Single();
        Assert.True(record.IsValid, record.Error);
        Assert.Equal((1, 2, "ethanol radical cation"), (record.Molecule!.Charge, record.Molecule.Multiplicity, record.Molecule.Name));
        foreach (var (key, value) in frame.Info)
            Assert.Equal(value, record.Info[key]);
        Assert.Equal(frame.AtomColumns.Keys, record.AtomColumns.Keys);
        foreach (var (name, rows) in frame.AtomColumns)
            for (int i = 0; i < rows.Length; i++)
                Assert.Equal(rows[i], record.AtomColumns[name][i]);

        // A record read back writes again to the same text: the keys the molecule writes agree with its info.
        Assert.Equal(ExtXyzFormat.ToText(frame), ExtXyzFormat.ToText(ExtXyzFrame.FromRecord(record)));
    }

    [Fact]
    public async Task What_ASE_writes_we_read_with_its_calculator_results_as_columns_and_keys()
    {
        using var dir = new TempFolder();
        var path = dir.File("ase.extxyz");
        const string script = """
            import sys
            from ase.build import molecule
            from ase.calculators.singlepoint import SinglePointCalculator
            from ase.io import write
            frames = []
            for i, name in enumerate(['H2O', 'NH3', 'CH3CH2OH']):
                atoms = molecule(name)
                atoms.info.update({'charge': 0, 'spin': 1, 'source': 'ase g2 set', 'index': i})
                atoms.calc = SinglePointCalculator(atoms, energy=-10.5 * (i + 1), forces=atoms.positions * 0.25)
                frames.append(atoms)
            write(sys.argv[1], frames, format='extxyz')
            """;
        await ExternalPrograms.RunAsync(dir.Path, ExternalPrograms.Python, "-c", script, path);
        var ase = JsonDocument.Parse(await ExternalPrograms.AseReadAsync(path)).RootElement;

        var records = MoleculeFile.Read(path).ToList();
        Assert.Equal(["H2O", "H3N", "C2H6O"], records.Select(r => r.Molecule!.Formula));
        for (int f = 0; f < 3; f++)
        {
            var record = records[f];
            Assert.Equal("ase g2 set", record.Info["source"]);
            Assert.Equal(-10.5 * (f + 1), Number(record.Info["energy"]));
            var positions = ase[f].GetProperty("positions").EnumerateArray().Select(p => p.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToList();
            var forces = ase[f].GetProperty("results").GetProperty("forces").EnumerateArray().Select(p => p.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToList();
            for (int i = 0; i < positions.Count; i++)
            {
                Assert.Equal(new Vec3(positions[i][0], positions[i][1], positions[i][2]), record.Molecule!.PositionsAngstrom[i]);
                Assert.Equal(forces[i], record.AtomColumns["forces"][i]);
            }
        }
    }

    [Fact]
    public void The_writer_refuses_what_would_not_read_back()
    {
        var frame = EthanolFrame();
        Assert.Contains("contradicts the molecule's charge 1", Assert.Throws<ArgumentException>(() => ExtXyzFormat.ToText(frame with { Info = frame.Info.SetItem("total_charge", "0") })).Message);
        Assert.Contains("empty value", Assert.Throws<ArgumentException>(() => ExtXyzFormat.ToText(frame with { Info = frame.Info.SetItem("tag", "") })).Message);
        Assert.Contains("not an extended XYZ key", Assert.Throws<ArgumentException>(() => ExtXyzFormat.ToText(frame with { Info = frame.Info.SetItem("two words", "1") })).Message);
        Assert.Contains("periodic", Assert.Throws<ArgumentException>(() => ExtXyzFormat.ToText(frame with { Info = frame.Info.SetItem("pbc", "T T T") })).Message);
        Assert.Contains("8 rows for 9 atoms", Assert.Throws<ArgumentException>(() => ExtXyzFormat.ToText(frame with { AtomColumns = frame.AtomColumns.SetItem("q", [.. Enumerable.Repeat(new[] { 0.0 }, 8)]) })).Message);
        // Agreeing repeats of what the molecule writes are fine.
        Assert.Contains(" charge=1 spin=2 ", ExtXyzFormat.ToText(frame with { Info = frame.Info.SetItem("total_charge", "1.0").SetItem("multiplicity", "2") }));
    }
}
