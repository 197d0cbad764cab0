using Greenspace.Chemistry;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Persistence;

namespace Greenspace.Tests.Learning;

/// <summary>A saved model is a record that predicts again, bit for bit, and refuses what it cannot read or predict.</summary>
public class PersistenceTests
{
    [Theory]
    [InlineData(RepresentationKind.CoulombMatrix, KernelKind.Laplacian, 80)]
    [InlineData(RepresentationKind.CoulombMatrix, KernelKind.Gaussian, 80)]
    [InlineData(RepresentationKind.BagOfBonds, KernelKind.Laplacian, 80)]
    [InlineData(RepresentationKind.Slatm, KernelKind.Laplacian, 80)]
    [InlineData(RepresentationKind.Fchl19, KernelKind.Gaussian, 30)]
    [InlineData(RepresentationKind.Ecfp, KernelKind.Laplacian, 80)]
    public void A_saved_and_reloaded_model_predicts_bit_identical_values(RepresentationKind representation, KernelKind kernel, int training)
    {
        var outcome = PersistenceModels.Train(representation, training, 20, kernel);
        var original = PersistenceModels.Save(outcome);
        var bytes = original.ToBytes();
        var path = Path.Combine(Support.TestData.NewTempDirectory(), "model.gsmodel");
        File.WriteAllBytes(path, bytes);
        var reloaded = SavedModel.Load(path);

        // New molecules: QM7 molecules beyond the training spread, which the bag of bonds and SLATM fitted on the training set can take.
        var fresh = PersistenceModels.Spread(400, stride: 13).Skip(200).Select(m => m.Molecule).Where(m => original.Model.Problem(m) is null).Take(25).ToList();
        Assert.True(fresh.Count >= 10, $"only {fresh.Count} fresh molecules fit {representation}");
        var before = original.Predict(fresh);
        var after = reloaded.Predict(fresh);
        for (int i = 0; i < fresh.Count; i++)
        {
            Assert.True(before[i].Predicted, before[i].Problem);
            Assert.Equal(BitConverter.DoubleToInt64Bits(before[i].Value!.Value), BitConverter.DoubleToInt64Bits(after[i].Value!.Value));
            Assert.Equal(BitConverter.DoubleToInt64Bits(before[i].Sigma!.Value), BitConverter.DoubleToInt64Bits(after[i].Sigma!.Value));
            Assert.Equal(BitConverter.DoubleToInt64Bits(before[i].NearestTrainingDistance!.Value), BitConverter.DoubleToInt64Bits(after[i].NearestTrainingDistance!.Value));
        }
        // The predictions are real ones, not the fallback to the training mean, and writing the reloaded model gives the same bytes.
        Assert.True(before.Select(p => p.Value!.Value).Distinct().Count() == fresh.Count);
        Assert.Equal(bytes, reloaded.ToBytes());
        Assert.Equal(original.Metadata.Training.MoleculeHashes, reloaded.Metadata.Training.MoleculeHashes);
        Assert.Equal(outcome.HeldOut!.MeanAbsoluteError, reloaded.Metadata.HeldOut!.MeanAbsoluteError);
    }

    [Fact]
    public void Predicted_sigmas_are_the_gaussian_process_sigmas_times_the_scale_fitted_inside_the_training_set()
    {
        var outcome = PersistenceModels.Train(RepresentationKind.CoulombMatrix, 80, 20);
        var model = PersistenceModels.Save(outcome);
        var molecules = PersistenceModels.Spread(100).Skip(80).Select(m => m.Molecule).ToList();
        var raw = outcome.Component.Model.Predict(outcome.Component.Representation.Featurise(molecules));
        var predicted = model.Predict(molecules);
        Assert.NotEqual(1.0, model.Metadata.SigmaScale);
        for (int i = 0; i < molecules.Count; i++)
        {
            Assert.Equal(raw.Mean[i], predicted[i].Value);
            Assert.Equal(raw.Sigma[i] * model.Metadata.SigmaScale, predicted[i].Sigma);
        }
    }

    [Fact]
    public void A_molecule_with_an_unseen_element_gets_no_prediction_and_a_squeezed_one_a_warning()
    {
        var outcome = PersistenceModels.Train(RepresentationKind.CoulombMatrix, 80, 20);
        var model = PersistenceModels.Save(outcome);
        var known = outcome.Training[10].Molecule;
        // The same molecule with one hydrogen made fluorine, and the same molecule at half its size.
        int h = known.AtomicNumbers.IndexOf(1);
        var fluorinated = Molecule.Create([.. known.AtomicNumbers.Select((z, i) => i == h ? 9 : z)], known.PositionsAngstrom);
        var squeezed = known.WithPositions(known.PositionsAngstrom.Select(p => new Vec3(p.X / 2, p.Y / 2, p.Z / 2)));

        var p = model.Predict([known, fluorinated, squeezed]);
        Assert.Equal(0.0, p[0].NearestTrainingDistance);
        Assert.Null(p[0].Warning);
        Assert.False(p[1].Predicted);
        Assert.StartsWith("it contains F, an element the model never saw in training (it knows H, C, N, O", p[1].Problem);
        // Halving every distance doubles every off-diagonal Coulomb-matrix element: far beyond any neighbour in training.
        Assert.True(p[2].Predicted);
        Assert.True(p[2].NearestTrainingDistance > model.Model.Domain.Largest);
        Assert.Contains("outside the model's domain", p[2].Warning);
        Assert.True(model.Model.Domain.Smallest <= model.Model.Domain.Median && model.Model.Domain.Median <= model.Model.Domain.Largest);
    }

    [Fact]
    public void Damaged_foreign_or_newer_bytes_are_refused_with_a_sentence()
    {
        var bytes = PersistenceModels.Save(PersistenceModels.Train(RepresentationKind.CoulombMatrix, 20, 5)).ToBytes();

        var damaged = (byte[])bytes.Clone();
        damaged[^3] ^= 0x10;
        var e = Assert.Throws<ModelFormatException>(() => SavedModel.FromBytes(damaged, "m.gsmodel"));
        Assert.Equal("m.gsmodel is damaged: its arrays do not match their checksum; save the model again", e.Message);

        var newer = (byte[])bytes.Clone();
        newer[8] = 2;
        e = Assert.Throws<ModelFormatException>(() => SavedModel.FromBytes(newer, "m.gsmodel"));
        Assert.Equal("m.gsmodel was saved in model format 2, newer than this Greenspace reads (1); use a newer Greenspace", e.Message);

        e = Assert.Throws<ModelFormatException>(() => SavedModel.FromBytes("5\nwater\n"u8.ToArray(), "water.xyz"));
        Assert.Equal("water.xyz is not a Greenspace model (it does not start with GSMODEL); give a model saved by greenspace learn", e.Message);
    }

    [Fact]
    public void An_empty_or_too_small_training_set_is_one_sentence()
    {
        var e = Assert.Throws<Greenspace.Learning.LearningInputException>(() => ModelTraining.Train([], [], new TrainingSettings()));
        Assert.Equal("the training set is empty; give the model at least one labelled molecule", e.Message);
        e = Assert.Throws<Greenspace.Learning.LearningInputException>(() => ModelTraining.Train([.. PersistenceModels.Spread(3)], [], new TrainingSettings()));
        Assert.Equal("the training set has 3 usable molecules, too few for 5-fold cross-validation; give at least 5", e.Message);
    }
}
