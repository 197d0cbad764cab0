using Greenspace.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Chemistry;

public class MoleculeFileTests
{
    [Theory]
    [InlineData("a.extxyz", MoleculeFormat.ExtendedXyz)]
    [InlineData("a.SDF", MoleculeFormat.Sdf)]
    [InlineData("a.sd", MoleculeFormat.Sdf)]
    [InlineData("a.mol", MoleculeFormat.Sdf)]
    [InlineData("a.smi", MoleculeFormat.Smiles)]
    [InlineData("a.smiles", MoleculeFormat.Smiles)]
    [InlineData("a.csv", MoleculeFormat.Smiles)]
    public void The_extension_names_the_format(string name, MoleculeFormat expected) =>
        Assert.Equal(expected, MoleculeFile.DetectFormat(Path.Combine("/nonexistent", name)));

    [Fact]
    public void An_xyz_file_with_key_value_comments_is_extended_xyz()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("plain.xyz"), "\n1\nneon atom\nNe 0 0 0\n");
        File.WriteAllText(dir.File("ase.xyz"), "1\nProperties=species:S:1:pos:R:3 pbc=\"F F F\"\nNe 0 0 0\n");
        Assert.Equal(MoleculeFormat.Xyz, MoleculeFile.DetectFormat(dir.File("plain.xyz")));
        Assert.Equal(MoleculeFormat.ExtendedXyz, MoleculeFile.DetectFormat(dir.File("ase.xyz")));
        Assert.Equal(MoleculeFormat.ExtendedXyz, MoleculeFile.DetectFormat(TestData.DataFile("qm7", "qm7_pbe0_dftb.xyz")));
        Assert.Equal("neon atom", MoleculeFile.Read(dir.File("plain.xyz")).Single().Molecule!.Name);
    }

    [Fact]
    public void Read_gives_the_records_of_each_geometry_format_named_by_file()
    {
        var qm7 = MoleculeFile.Read(TestData.DataFile("qm7", "qm7_pbe0_dftb.xyz")).ToList();
        Assert.Equal(7101, qm7.Count);
        Assert.Equal("qm7_pbe0_dftb.xyz frame 1 (line 1)", qm7[0].Location);
        Assert.Equal("CH4", qm7[0].Molecule!.Formula);
        Assert.Equal(20, MoleculeFile.Read(TestData.DataFile("qm9-subset", "qm9_20_b3lyp.extxyz")).Count(r => r.IsValid));

        using var dir = new TempFolder();
        File.WriteAllText(dir.File("two.sdf"), SdfFormat.ToText(Molecule.Create([10], [Vec3.Zero], name: "neon")) + "bad\n\n\n  x\n$$$$\n");
        var sdf = MoleculeFile.Read(dir.File("two.sdf")).ToList();
        Assert.Equal("neon", sdf[0].Molecule!.Name);
        Assert.StartsWith("two.sdf record 2 (line 8): line 11 holds 'x' where the counts line", sdf[1].Error);
    }

    [Fact]
    public void A_file_that_cannot_be_read_is_one_clear_sentence_at_the_call()
    {
        using var dir = new TempFolder();
        var missing = dir.File("missing.xyz");
        var e = Assert.Throws<FileNotFoundException>(() => MoleculeFile.Read(missing));
        Assert.Equal($"{missing} does not exist; check the path", e.Message);
        Assert.Throws<FileNotFoundException>(() => MoleculeFile.DetectFormat(missing));
        Assert.Contains("is a folder, not a molecule file", Assert.Throws<IOException>(() => MoleculeFile.Read(dir.Path)).Message);

        File.WriteAllText(dir.File("molecules.smi"), "CCO ethanol\n");
        Assert.Contains("holds SMILES", Assert.Throws<NotSupportedException>(() => MoleculeFile.Read(dir.File("molecules.smi"))).Message);
        File.WriteAllText(dir.File("protein.pdb"), "END\n");
        Assert.Contains("'.pdb', which is no molecule format Greenspace reads", Assert.Throws<NotSupportedException>(() => MoleculeFile.Read(dir.File("protein.pdb"))).Message);
    }
}
