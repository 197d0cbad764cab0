using Greenspace.Learning;
using Greenspace.Learning.Datasets;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;

namespace Greenspace.Tests.Learning.Models;

/// <summary>Delta-learning on QM7: it reduces to plain KRR, it beats it at the same N, and the zero of a scale does not matter once offsets are fitted.</summary>
public class DeltaModelTests
{
    private static readonly Hyperparameters Coulomb = new(Kernel.Laplacian(3000), 1e-8);

    [Fact]
    public void WithABaselineOfZeroItIsThePlainModel()
    {
        var qm7 = Qm7Data.Dataset;
        int[] train = Qm7Data.TrainingOrder()[..400], test = Qm7Data.Test(200);
        var molecules = Qm7Data.CoulombMatrices;
        var zero = new double[train.Length];
        var target = Qm7Data.At(qm7.Pbe0KcalPerMol, train);

        var delta = DeltaModel.Fit(molecules.Subset(train), Qm7Dataset.Pbe0, target, Qm7Dataset.Dftb, zero, elementOffsets: false, new HyperparameterChoice.Fixed(Coulomb));
        var plain = KernelRidge.Fit(molecules.Features.Subset(train), target, Coulomb);

        var a = delta.Predict(molecules.Subset(test), new double[test.Length]);
        var b = plain.Predict(molecules.Features.Subset(test));
        for (int i = 0; i < test.Length; i++)
        {
            Assert.Equal(b.Mean[i], a.Mean[i], 9);
            Assert.Equal(b.Sigma[i], a.Sigma[i], 12);
        }
    }

    [Fact]
    public void LearningPbe0FromDftbBeatsLearningItDirectlyAtTheSameN()
    {
        // Ramakrishnan et al. 2015: the difference to a cheap baseline is smoother than the property. Coulomb matrices, 500 molecules.
        var qm7 = Qm7Data.Dataset;
        int[] train = Qm7Data.TrainingOrder()[..500], test = Qm7Data.Test(500);
        var molecules = Qm7Data.CoulombMatrices;
        var truth = Qm7Data.At(qm7.Pbe0KcalPerMol, test);

        var search = (HyperparameterChoice.CrossValidated)Qm7Data.CoulombSearch;
        var direct = KernelRidge.Fit(molecules.Features.Subset(train), Qm7Data.At(qm7.Pbe0KcalPerMol, train),
            HyperparameterSearch.CrossValidate(molecules.Features.Subset(train), Qm7Data.At(qm7.Pbe0KcalPerMol, train), search.Grid).Best);
        double directMae = Qm7Data.MeanAbsoluteError(direct.PredictMean(molecules.Features.Subset(test)), truth);

        var delta = DeltaModel.Fit(molecules.Subset(train), Qm7Dataset.Pbe0, Qm7Data.At(qm7.Pbe0KcalPerMol, train),
            Qm7Dataset.Dftb, Qm7Data.At(qm7.DftbKcalPerMol, train), elementOffsets: false, search);
        double deltaMae = Qm7Data.MeanAbsoluteError(delta.Predict(molecules.Subset(test), Qm7Data.At(qm7.DftbKcalPerMol, test)).Mean, truth);

        Assert.True(deltaMae < 0.7 * directMae, $"Delta from DFTB {deltaMae:F2} kcal/mol against direct {directMae:F2} kcal/mol at N = 500");
        // Offsets per element take the extensive part out of the difference as well.
        var withOffsets = DeltaModel.Fit(molecules.Subset(train), Qm7Dataset.Pbe0, Qm7Data.At(qm7.Pbe0KcalPerMol, train),
            Qm7Dataset.Dftb, Qm7Data.At(qm7.DftbKcalPerMol, train), elementOffsets: true, search);
        double offsetMae = Qm7Data.MeanAbsoluteError(withOffsets.Predict(molecules.Subset(test), Qm7Data.At(qm7.DftbKcalPerMol, test)).Mean, truth);
        Assert.True(offsetMae < deltaMae, $"Delta with offsets {offsetMae:F2} kcal/mol against {deltaMae:F2} without");
    }

    [Fact]
    public void FittedOffsetsMakeTotalEnergiesAndAtomizationEnergiesTheSameBaseline()
    {
        // Atomization = total - free atoms, a sum over atoms: offsets fitted on the training set absorb it exactly,
        // so the Delta model from GFN2-xTB total energies predicts what the one from GFN2 atomization energies does.
        var qm7 = Qm7Data.Dataset;
        int[] train = Qm7Data.TrainingOrder()[..300], test = Qm7Data.Test(100);
        var molecules = Qm7Data.CoulombMatrices;
        var total = qm7.Labels(Qm7Dataset.Gfn2Total);
        var fixedChoice = new HyperparameterChoice.Fixed(Coulomb);
        var fromTotal = DeltaModel.Fit(molecules.Subset(train), Qm7Dataset.Pbe0, Qm7Data.At(qm7.Pbe0KcalPerMol, train),
            Qm7Dataset.Gfn2Total, Qm7Data.At(total, train), elementOffsets: true, fixedChoice);
        var fromAtomization = DeltaModel.Fit(molecules.Subset(train), Qm7Dataset.Pbe0, Qm7Data.At(qm7.Pbe0KcalPerMol, train),
            Qm7Dataset.Gfn2, Qm7Data.At(qm7.Gfn2KcalPerMol, train), elementOffsets: true, fixedChoice);

        var a = fromTotal.Predict(molecules.Subset(test), Qm7Data.At(total, test));
        var b = fromAtomization.Predict(molecules.Subset(test), Qm7Data.At(qm7.Gfn2KcalPerMol, test));
        for (int i = 0; i < test.Length; i++)
            Assert.True(Math.Abs(a.Mean[i] - b.Mean[i]) < 1e-4, $"molecule {test[i]}: {a.Mean[i]:F6} from total energies, {b.Mean[i]:F6} from atomization energies");
        // The fitted offsets differ by the GFN2 free atoms, about 240 to 1,200 kcal/mol per atom.
        Assert.True(fromAtomization.Offsets.PerAtom[6] - fromTotal.Offsets.PerAtom[6] < -1000);
        Assert.Contains("least squares on element counts", fromTotal.Describe());
    }

    [Fact]
    public void BadInputGetsOneSentence()
    {
        var qm7 = Qm7Data.Dataset;
        int[] train = Qm7Data.TrainingOrder()[..20];
        var molecules = Qm7Data.CoulombMatrices.Subset(train);
        var target = Qm7Data.At(qm7.Pbe0KcalPerMol, train);
        var choice = new HyperparameterChoice.Fixed(Coulomb);

        var e = Assert.Throws<LearningInputException>(() => DeltaModel.Fit(molecules, Qm7Dataset.Pbe0, target,
            Qm7Dataset.Gfn2Total, Qm7Data.At(qm7.Labels(Qm7Dataset.Gfn2Total), train), elementOffsets: false, choice));
        Assert.Equal("a Delta model of PBE0/def2-TZVP from GFN2-xTB (total energy) cannot subtract them: GFN2-xTB (total energy) energies are zeroed at separated electrons and nuclei (total energies) "
            + "and PBE0/def2-TZVP energies at free atoms at the same level (atomization energies); give both as atomization energies (free atoms at each level) or fit per-element offsets", e.Message);

        e = Assert.Throws<LearningInputException>(() => DeltaModel.Fit(molecules, Qm7Dataset.Pbe0, target,
            new Fidelity("GFN2-xTB", EnergyZero.FreeAtoms, "Hartree"), Qm7Data.At(qm7.Gfn2TotalHartree, train), elementOffsets: true, choice));
        Assert.Equal("a Delta model of PBE0/def2-TZVP from GFN2-xTB cannot subtract them: GFN2-xTB labels are in Hartree and PBE0/def2-TZVP labels in kcal/mol; convert both to one unit before combining them", e.Message);

        var baseline = Qm7Data.At(qm7.DftbKcalPerMol, train);
        baseline[3] = double.NaN;
        e = Assert.Throws<LearningInputException>(() => DeltaModel.Fit(molecules, Qm7Dataset.Pbe0, target, Qm7Dataset.Dftb, baseline, elementOffsets: true, choice));
        Assert.Equal("training molecule 3 has no DFTB label (NaN); compute it first, a Delta model needs it at every molecule it learns from or predicts", e.Message);

        e = Assert.Throws<LearningInputException>(() => DeltaModel.Fit(molecules, Qm7Dataset.Pbe0, target, Qm7Dataset.Dftb, baseline[..19], elementOffsets: true, choice));
        Assert.Equal("20 training molecules were given 19 DFTB labels; give exactly one per molecule", e.Message);
    }
}
