using Greenspace.Chemistry;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Persistence;
using Greenspace.Records;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Learning;

/// <summary>Small models trained on QM7's PBE0 atomization energies, for the persistence and store tests.</summary>
internal static class PersistenceModels
{
    public const string Label = "E_PBE0_def2TZVP_kcalmol";

    private static readonly Lazy<IReadOnlyList<LabelledMolecule>> Qm7 = new(() =>
        [.. MoleculeFile.Read(TestData.DataFile("qm7", "qm7_pbe0_dftb.xyz")).Select(r => new LabelledMolecule(r.Molecule!,
            double.Parse(r.Info[Label], System.Globalization.CultureInfo.InvariantCulture), RequestIdentity.MoleculeHash(r.Molecule!), r.Location))]);

    /// <summary>Every <paramref name="stride"/>-th QM7 molecule with its label, from methane on.</summary>
    public static IReadOnlyList<LabelledMolecule> Spread(int count, int stride = 71) => [.. Qm7.Value.Where((_, i) => i % stride == 0).Take(count)];

    public static TrainingOutcome Train(RepresentationKind representation, int training, int test, KernelKind kernel = KernelKind.Laplacian)
    {
        var molecules = Spread(training + test);
        return ModelTraining.Train([.. molecules.Take(training)], [.. molecules.Skip(training)],
            new TrainingSettings { Representation = representation, Kernel = kernel, CurvePoints = 1 });
    }

    public static SavedModel Save(TrainingOutcome outcome, string name = "qm7-test") =>
        outcome.ToSavedModel(name, new LabelInfo(Label, "kcal/mol", "free atoms (atomization energy)", "PBE0/def2-TZVP", "qm7_pbe0_dftb.xyz"),
            "qm7_pbe0_dftb.xyz", "the last molecules of the spread", "test", []);
}
