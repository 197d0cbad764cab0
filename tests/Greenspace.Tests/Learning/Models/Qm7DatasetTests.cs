using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Learning.Datasets;
using Greenspace.Learning.Models;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Learning.Models;

/// <summary>The QM7 loader pairs every file's rows with the right molecules, checked against facts the files carry twice.</summary>
public class Qm7DatasetTests
{
    [Fact]
    public void EveryFidelityAndCostLinesUpWithItsMolecule()
    {
        var qm7 = Qm7Data.Dataset;
        Assert.Equal(7101, qm7.Molecules.Length);
        foreach (var labels in new[] { qm7.Pbe0KcalPerMol, qm7.DftbKcalPerMol, qm7.Gfn2KcalPerMol, qm7.Gfn1KcalPerMol, qm7.Gfn2CpuSeconds, qm7.Gfn1CpuSeconds })
            Assert.Equal(7101, labels.Length);
        // Methane opens QM7 with the PBE0 atomization energy -417.031 kcal/mol (Rupp et al.'s label, in the XYZ comment line).
        Assert.Equal(("0001.xyz", "CH4", -417.031), (qm7.Names[0], qm7.Molecules[0].Formula, qm7.Pbe0KcalPerMol[0]));
        Assert.All(qm7.Gfn2CpuSeconds.Concat(qm7.Gfn1CpuSeconds), s => Assert.InRange(s, 1e-4, 10));

        // The cost file repeats QM7's PBE0 label of each molecule it measured: it must be the label the loader gives that molecule.
        Assert.Equal(20, qm7.Pbe0Costs.Length);
        var repeated = File.ReadLines(TestData.DataFile("qm7", "qm7_pbe0_costs.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[9], CultureInfo.InvariantCulture)).ToArray();
        for (int k = 0; k < 20; k++)
            Assert.Equal(repeated[k], qm7.Pbe0KcalPerMol[qm7.Pbe0Costs[k].Molecule], 6);
        Assert.All(qm7.Pbe0Costs, c => Assert.InRange(c.CpuSeconds, 1, 100));
    }

    [Fact]
    public void GfnAtomizationEnergiesAreTotalEnergiesMinusFreeAtoms()
    {
        // atomization = total - sum of free atoms: the difference is a sum of per-element terms, so offsets explain it
        // to the files' rounding (1e-6 kcal/mol, 1e-12 Hartree), and each element's term is minus its free atom, below zero.
        var qm7 = Qm7Data.Dataset;
        var compositions = Composition.Of(qm7.Molecules);
        foreach (var (atomization, total) in new[] { (qm7.Gfn2KcalPerMol, qm7.Gfn2TotalHartree), (qm7.Gfn1KcalPerMol, qm7.Gfn1TotalHartree) })
        {
            var freeAtoms = atomization.Zip(total, (a, t) => t * Units.KcalPerMolPerHartree - a).ToArray();
            var offsets = ElementOffsets.Fit(compositions, freeAtoms);
            Assert.Equal([1, 6, 7, 8, 16], offsets.PerAtom.Keys);
            Assert.All(offsets.PerAtom.Values, e => Assert.True(e < -200, $"a free atom at {e:F1} kcal/mol"));
            double worst = compositions.Select((c, i) => Math.Abs(offsets.Of(c) - freeAtoms[i])).Max();
            Assert.True(worst < 2e-5, $"free atoms explain the total minus atomization energies to {worst:E2} kcal/mol only");
        }
    }

    [Fact]
    public void TheSplitsHoldAThousandDistinctMoleculesAndTrainingIsTheRest()
    {
        var qm7 = Qm7Data.Dataset;
        for (int split = 1; split <= 5; split++)
        {
            var test = qm7.TestIndices(split);
            var training = qm7.TrainingIndices(split);
            Assert.Equal(1000, test.Distinct().Count());
            Assert.Equal(6101, training.Length);
            Assert.Empty(training.Intersect(test));
        }
        // make_splits.py draws them with different seeds: no two splits are the same set.
        Assert.True(qm7.TestIndices(1).Intersect(qm7.TestIndices(2)).Count() < 400);
        Assert.Throws<Greenspace.Learning.LearningInputException>(() => qm7.TestIndices(6));
    }

    [Fact]
    public void AFileThatDoesNotFitTheMoleculesIsNamedWithTheLine()
    {
        var directory = TestData.NewTempDirectory();
        var source = TestData.DataFile("qm7");
        foreach (var file in Directory.GetFiles(source, "*.csv").Append(Path.Combine(source, "qm7_pbe0_dftb.xyz")))
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        Directory.CreateDirectory(Path.Combine(directory, "splits"));
        foreach (var file in Directory.GetFiles(Path.Combine(source, "splits")))
            File.Copy(file, Path.Combine(directory, "splits", Path.GetFileName(file)));
        // Swap two rows of the GFN2 file: each now describes the other molecule.
        var lines = File.ReadAllLines(Path.Combine(directory, "qm7_gfn2xtb.csv"));
        (lines[2], lines[3]) = (lines[3], lines[2]);
        File.WriteAllLines(Path.Combine(directory, "qm7_gfn2xtb.csv"), lines);

        var e = Assert.Throws<InvalidDataException>(() => Qm7Dataset.Load(directory));
        Assert.Equal("qm7_gfn2xtb.csv line 3 describes 0003.xyz (C2H4) where molecule 2 of qm7_pbe0_dftb.xyz is 0002.xyz (C2H6); remake the file with data/qm7/make_xtb_labels.py", e.Message);
        Directory.Delete(directory, true);
    }
}
