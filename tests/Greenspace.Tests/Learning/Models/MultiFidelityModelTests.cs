using Greenspace.Learning;
using Greenspace.Learning.Datasets;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;
using Greenspace.Learning.Models;

namespace Greenspace.Tests.Learning.Models;

/// <summary>
/// Autoregressive co-kriging: it reduces to plain KRR when the cheaper fidelities are zero, it recovers Forrester's
/// two-fidelity function from four dear points, and on QM7 many GFN2-xTB labels make few PBE0 labels go further.
/// </summary>
public class MultiFidelityModelTests
{
    private static readonly Hyperparameters Coulomb = new(Kernel.Laplacian(3000), 1e-8);
    private static readonly Fidelity Cheap = new("cheap", EnergyZero.Other, "1");
    private static readonly Fidelity Dear = new("dear", EnergyZero.Other, "1");

    [Fact]
    public void WithCheaperFidelitiesAllZeroItIsThePlainModel()
    {
        var qm7 = Qm7Data.Dataset;
        var order = Qm7Data.TrainingOrder();
        int[] test = Qm7Data.Test(200);
        var pool = Qm7Data.CoulombMatrices;
        var zero = new double[pool.Count];
        var design = NestedDesign.Prefixes(order, [800, 500, 300]);
        var model = MultiFidelityModel.Fit(pool, design, [Qm7Dataset.Gfn2, Qm7Dataset.Dftb, Qm7Dataset.Pbe0],
            [zero, zero, qm7.Pbe0KcalPerMol], elementOffsets: false, new HyperparameterChoice.Fixed(Coulomb));
        var plain = KernelRidge.Fit(pool.Features.Subset(order[..300]), Qm7Data.At(qm7.Pbe0KcalPerMol, order[..300]), Coulomb);

        Assert.Equal(0.0, model.Levels[1].Rho);
        Assert.Equal(0.0, model.Levels[2].Rho);
        var a = model.Predict(pool.Subset(test));
        var b = plain.Predict(pool.Features.Subset(test));
        for (int i = 0; i < test.Length; i++)
        {
            Assert.True(Math.Abs(b.Mean[i] - a.Mean[i]) < 1e-8, $"molecule {test[i]}: mean {a.Mean[i]:R} against the plain model's {b.Mean[i]:R}");
            Assert.True(Math.Abs(b.Sigma[i] - a.Sigma[i]) < 1e-8, $"molecule {test[i]}: sigma {a.Sigma[i]:R} against the plain model's {b.Sigma[i]:R}");
        }
    }

    [Fact]
    public void ForrestersFunctionIsRecoveredFromFourDearPointsAndElevenCheapOnes()
    {
        // Forrester, Sobester and Keane, Proc. R. Soc. A 463, 3251 (2007): y_h = (6x - 2)^2 sin(12x - 4),
        // y_l = 0.5 y_h + 10 (x - 0.5) - 5; cheap at x = 0, 0.1, ..., 1, dear at 0, 0.4, 0.6, 1.
        static double High(double x) => (6 * x - 2) * (6 * x - 2) * Math.Sin(12 * x - 4);
        static double Low(double x) => 0.5 * High(x) + 10 * (x - 0.5) - 5;
        var x = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();
        var pool = new MoleculeInputs(Points(x), x.Select(_ => new Composition([1])));
        int[] dear = [0, 4, 6, 10];
        var model = MultiFidelityModel.FitCheapest(pool, Cheap, Enumerable.Range(0, 11), [.. x.Select(Low)], elementOffsets: false,
                new HyperparameterChoice.Fixed(new(Kernel.Gaussian(0.15), 1e-10)))
            .AddLevel(Dear, dear, [.. x.Select(High)], new HyperparameterChoice.Fixed(new(Kernel.Gaussian(2), 1e-10)));
        var alone = KernelRidge.Fit(Points(dear.Select(i => x[i])), [.. dear.Select(i => High(x[i]))], new(Kernel.Gaussian(0.2), 1e-10));

        var grid = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
        var queries = new MoleculeInputs(Points(grid), grid.Select(_ => new Composition([1])));
        var combined = model.Predict(queries);
        var single = alone.Predict(Points(grid));
        double Rmse(double[] predicted) => Math.Sqrt(grid.Select((g, i) => Math.Pow(predicted[i] - High(g), 2)).Average());
        Assert.True(Rmse(combined.Mean) < 0.1 * Rmse(single.Mean), $"co-kriging RMSE {Rmse(combined.Mean):F3}, a GP on the four dear points {Rmse(single.Mean):F3}");
        // y_h = 2 y_l - 20 (x - 0.5) + 10: generalised least squares finds the factor 2 while delta carries the linear trend.
        Assert.InRange(model.Levels[1].Rho, 1.8, 2.2);

        // The variance is rho^2 times the cheap level's plus the correction's, each from its own Gaussian process.
        var cheapLevel = model.Levels[0].Gp.Predict(Points(grid));
        var correction = model.Levels[1].Gp.Predict(Points(grid));
        double rho = model.Levels[1].Rho;
        for (int i = 0; i < grid.Length; i++)
            Assert.Equal(Math.Sqrt(rho * rho * cheapLevel.Sigma[i] * cheapLevel.Sigma[i] + correction.Sigma[i] * correction.Sigma[i]), combined.Sigma[i], 10);

        // A cheap label computed at the query replaces the cheap prediction: the mean uses it and only the correction's variance is left.
        var known = model.Predict(queries, [[.. grid.Select(Low)]]);
        for (int i = 0; i < grid.Length; i++)
        {
            Assert.Equal(rho * Low(grid[i]) + correction.Mean[i], known.Mean[i], 10);
            Assert.Equal(correction.Sigma[i], known.Sigma[i], 12);
        }
        Assert.True(Rmse(known.Mean) < Rmse(combined.Mean), $"with the cheap label known: RMSE {Rmse(known.Mean):F4}, without {Rmse(combined.Mean):F4}");
    }

    [Fact]
    public void ManyGfn2LabelsMakeAHundredPbe0LabelsGoFurtherThanAlone()
    {
        var qm7 = Qm7Data.Dataset;
        var order = Qm7Data.TrainingOrder();
        int[] test = Qm7Data.Test(500);
        var pool = Qm7Data.CoulombMatrices;
        var truth = Qm7Data.At(qm7.Pbe0KcalPerMol, test);
        var search = (HyperparameterChoice.CrossValidated)Qm7Data.CoulombSearch;

        // Direct: the same offsets and Gaussian process on the 100 PBE0 labels alone (a one-level model).
        var few = order[..100];
        var direct = MultiFidelityModel.FitCheapest(pool, Qm7Dataset.Pbe0, few, qm7.Pbe0KcalPerMol, elementOffsets: true, search);
        double directMae = Qm7Data.MeanAbsoluteError(direct.Predict(pool.Subset(test)).Mean, truth);

        var model = MultiFidelityModel.Fit(pool, NestedDesign.Prefixes(order, [2000, 100]), [Qm7Dataset.Gfn2, Qm7Dataset.Pbe0],
            [qm7.Gfn2KcalPerMol, qm7.Pbe0KcalPerMol], elementOffsets: true, search);
        double blindMae = Qm7Data.MeanAbsoluteError(model.Predict(pool.Subset(test)).Mean, truth);
        double knownMae = Qm7Data.MeanAbsoluteError(model.Predict(pool.Subset(test), [Qm7Data.At(qm7.Gfn2KcalPerMol, test)]).Mean, truth);

        Assert.True(blindMae < 0.75 * directMae, $"co-kriging with 2,000 GFN2 and 100 PBE0 labels: {blindMae:F2} kcal/mol; direct on the 100 PBE0 labels: {directMae:F2}");
        Assert.True(knownMae < 0.9 * blindMae, $"with GFN2 computed at the predicted molecules {knownMae:F2} kcal/mol, without {blindMae:F2}");
        Assert.InRange(model.Levels[1].Rho, 0.5, 1.5);
    }

    [Fact]
    public void OnFewLabelsRhoStaysOneUnlessAFittedRhoCrossValidatesClearlyBetter()
    {
        var qm7 = Qm7Data.Dataset;
        var order = Qm7Data.TrainingOrder();
        var pool = Qm7Data.CoulombMatrices;
        var design = NestedDesign.Prefixes(order, [800, 12]);

        // Twelve PBE0 labels over GFN2-xTB: cross-validation cannot tell a fitted rho from 1 by more than its own standard error.
        var few = MultiFidelityModel.Fit(pool, design, [Qm7Dataset.Gfn2, Qm7Dataset.Pbe0], [qm7.Gfn2KcalPerMol, qm7.Pbe0KcalPerMol],
            elementOffsets: true, Qm7Data.CoulombSearch);
        Assert.Equal(1.0, few.Levels[1].Rho);
        Assert.StartsWith("fixed at 1", few.Levels[1].RhoEstimate);

        // A dear fidelity that is truly twice the cheap one plus PBE0's own correction: rho = 1 leaves the whole GFN2-xTB
        // energy to the correction, and a fitted rho wins on the same twelve molecules (near 2: the element offsets, fitted
        // with it, share the trend).
        double[] doubled = [.. qm7.Pbe0KcalPerMol.Select((pbe0, m) => pbe0 + qm7.Gfn2KcalPerMol[m])];
        var twice = MultiFidelityModel.Fit(pool, design, [Qm7Dataset.Gfn2, Qm7Dataset.Pbe0], [qm7.Gfn2KcalPerMol, doubled],
            elementOffsets: true, Qm7Data.CoulombSearch);
        Assert.False(twice.Levels[1].RhoEstimate.StartsWith("fixed at 1"), twice.Levels[1].RhoEstimate);
        Assert.InRange(twice.Levels[1].Rho, 1.6, 2.4);
    }

    [Fact]
    public void RhoGivenAsOneIsDeltaLearningAndPredictsAsTheDeltaModelDoes()
    {
        // A spec may fix rho (surrogate.rho: 1): the dear level is then the Delta model of PBE0 over GFN2-xTB, fitted by
        // its own code path (DeltaModel), and predicts the same where GFN2-xTB is known.
        var qm7 = Qm7Data.Dataset;
        var order = Qm7Data.TrainingOrder();
        var pool = Qm7Data.CoulombMatrices;
        var choice = new HyperparameterChoice.Fixed(Coulomb);
        int[] dear = [.. order[..150].Order()];
        var model = MultiFidelityModel.FitCheapest(pool, Qm7Dataset.Gfn2, order[..800], qm7.Gfn2KcalPerMol, elementOffsets: true, choice)
            .AddLevel(Qm7Dataset.Pbe0, dear, qm7.Pbe0KcalPerMol, choice, fixedRho: 1);
        Assert.Equal(1.0, model.Levels[1].Rho);
        Assert.StartsWith("fixed at 1 (given)", model.Levels[1].RhoEstimate);

        var delta = DeltaModel.Fit(pool.Subset(dear), Qm7Dataset.Pbe0, [.. dear.Select(m => qm7.Pbe0KcalPerMol[m])],
            Qm7Dataset.Gfn2, [.. dear.Select(m => qm7.Gfn2KcalPerMol[m])], elementOffsets: true, choice);
        int[] test = order[800..900];
        var gfn2 = test.Select(m => qm7.Gfn2KcalPerMol[m]).ToArray();
        var cokriging = model.Predict(pool.Subset(test), [gfn2]);
        var expected = delta.Predict(pool.Subset(test), gfn2);
        for (int i = 0; i < test.Length; i++)
            Assert.Equal(expected.Mean[i], cokriging.Mean[i], 1e-6);
    }

    [Fact]
    public void VarianceByLevelSumsToPredictsAndWhatIsLeftAfterEachRungIsPredictsWithThoseLabelsKnown()
    {
        var qm7 = Qm7Data.Dataset;
        var order = Qm7Data.TrainingOrder();
        int[] test = Qm7Data.Test(150);
        var pool = Qm7Data.CoulombMatrices;
        var queries = pool.Subset(test);
        var model = MultiFidelityModel.Fit(pool, NestedDesign.Prefixes(order, [400, 150, 40]), [Qm7Dataset.Gfn2, Qm7Dataset.Dftb, Qm7Dataset.Pbe0],
            [qm7.Gfn2KcalPerMol, qm7.DftbKcalPerMol, qm7.Pbe0KcalPerMol], elementOffsets: true, new HyperparameterChoice.Fixed(Coulomb));
        double[] gfn2 = Qm7Data.At(qm7.Gfn2KcalPerMol, test), dftb = Qm7Data.At(qm7.DftbKcalPerMol, test);

        // Some molecules already have GFN2 (every third) or DFTB (every fifth) computed.
        IReadOnlyList<double>[] partly = [[.. gfn2.Select((v, i) => i % 3 == 0 ? v : double.NaN)], [.. dftb.Select((v, i) => i % 5 == 0 ? v : double.NaN)]];
        foreach (var known in new IReadOnlyList<IReadOnlyList<double>?>?[] { null, partly })
        {
            var byLevel = model.PredictByLevel(queries, known);
            var whole = model.Predict(queries, known);
            Assert.Equal(3, byLevel.LevelCount);
            for (int i = 0; i < test.Length; i++)
            {
                AssertRelative(whole.Sigma[i] * whole.Sigma[i], byLevel.Variance[i], 1e-12, $"molecule {test[i]}: total variance");
                AssertRelative(whole.Mean[i], byLevel.Mean[i], 1e-12, $"molecule {test[i]}: mean");
                Assert.True(byLevel.Contributions.All(c => c[i] >= 0));
            }

            // Knowing levels 0..r everywhere (labels at rung r, the cheaper ones with them), besides what was known,
            // leaves the contributions above r.
            for (int r = 0; r < 2; r++)
            {
                IReadOnlyList<double>?[] through = [.. new[] { gfn2, dftb }.Select((all, l) => l <= r ? all : known?[l])];
                var after = model.Predict(queries, through);
                for (int i = 0; i < test.Length; i++)
                    AssertRelative(after.Sigma[i] * after.Sigma[i], byLevel.VarianceAfter(i, r), 1e-12, $"molecule {test[i]}: variance after rung {r}");
            }
            Assert.All(byLevel.VarianceAfter(2), v => Assert.Equal(0.0, v));
        }

        // The cheap levels matter here: without them the variance would be the top level's alone.
        var plain = model.PredictByLevel(queries);
        Assert.True(Enumerable.Range(0, test.Length).Count(i => plain.Contributions[0][i] + plain.Contributions[1][i] > 0.1 * plain.Contributions[2][i]) > test.Length / 10,
            "the cheaper levels contribute little; the test does not exercise the propagation");
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"{what}: {actual:R} against {expected:R}");

    [Fact]
    public void BadInputGetsOneSentence()
    {
        var qm7 = Qm7Data.Dataset;
        var pool = Qm7Data.CoulombMatrices;
        var choice = new HyperparameterChoice.Fixed(Coulomb);
        var cheap = MultiFidelityModel.FitCheapest(pool, Qm7Dataset.Gfn2, [1, 2, 3, 4, 5], qm7.Gfn2KcalPerMol, elementOffsets: false, choice);

        var e = Assert.Throws<LearningInputException>(() => cheap.AddLevel(Qm7Dataset.Pbe0, [2, 3, 9], qm7.Pbe0KcalPerMol, choice));
        Assert.Equal("molecule 9 is acquired at PBE0/def2-TZVP but not at the cheaper GFN2-xTB; training sets must be nested (acquiring a molecule at a fidelity acquires it at every cheaper one): add it there too", e.Message);

        var missing = qm7.Pbe0KcalPerMol.ToArray();
        missing[3] = double.NaN;
        e = Assert.Throws<LearningInputException>(() => cheap.AddLevel(Qm7Dataset.Pbe0, [2, 3], missing, choice));
        Assert.Equal("molecule 3 is acquired at PBE0/def2-TZVP but its label is missing (NaN); compute it or take the molecule out of the design", e.Message);

        e = Assert.Throws<LearningInputException>(() => cheap.AddLevel(Qm7Dataset.Gfn2Total, [2, 3], qm7.Labels(Qm7Dataset.Gfn2Total), choice));
        Assert.StartsWith("GFN2-xTB (total energy) cannot stack on GFN2-xTB: GFN2-xTB energies are zeroed at free atoms", e.Message);

        e = Assert.Throws<LearningInputException>(() => cheap.AddLevel(Qm7Dataset.Gfn2, [2, 3], qm7.Gfn2KcalPerMol, choice));
        Assert.Equal("GFN2-xTB is already a level of this model; give each fidelity once, cheapest first", e.Message);

        e = Assert.Throws<LearningInputException>(() => cheap.AddLevel(Qm7Dataset.Pbe0, [2, 3], qm7.Pbe0KcalPerMol[..100], choice));
        Assert.Equal("100 PBE0/def2-TZVP labels were given for a pool of 7101 molecules; give one per pool molecule (NaN where not computed)", e.Message);

        e = Assert.Throws<LearningInputException>(() => MultiFidelityModel.Fit(pool, new NestedDesign(2), [Qm7Dataset.Gfn2], [qm7.Gfn2KcalPerMol], false, choice));
        Assert.Equal("the design has 2 fidelity levels but 1 fidelities and 1 label sets were given; give one fidelity and one label set per level, cheapest first", e.Message);

        var model = cheap.AddLevel(Qm7Dataset.Pbe0, [2, 3], qm7.Pbe0KcalPerMol, choice);
        e = Assert.Throws<LearningInputException>(() => model.Predict(pool.Subset([10, 11]), [[1.0]]));
        Assert.Equal("1 known GFN2-xTB labels were given for 2 molecules; give one per molecule, NaN where not computed", e.Message);
    }

    [Fact]
    public void ALevelWhoseLabelsAreKnownWhereverItIsAskedIsNeverFactorisedAndPredictsAsAnEagerFitWould()
    {
        // A campaign computes the cheapest rung everywhere: that level's Gaussian process (the largest: 800 molecules
        // here, the whole library there) then never predicts, and its factorisation would be paid for nothing.
        var qm7 = Qm7Data.Dataset;
        var order = Qm7Data.TrainingOrder();
        var pool = Qm7Data.CoulombMatrices;
        var choice = new HyperparameterChoice.Fixed(Coulomb);
        var model = MultiFidelityModel.FitCheapest(pool, Qm7Dataset.Gfn2, order[..800], qm7.Gfn2KcalPerMol, elementOffsets: true, choice)
            .AddLevel(Qm7Dataset.Pbe0, order[..100], qm7.Pbe0KcalPerMol, choice);
        int[] candidates = order[100..800];
        IReadOnlyList<double> known = [.. candidates.Select(m => qm7.Gfn2KcalPerMol[m])];

        var prediction = model.Predict(pool.Subset(candidates), [known]);
        var fantasy = new FantasyBatch(model, candidates, [known]);
        fantasy.Add(0, 1);
        Assert.False(model.Levels[0].Gp.IsSolved, "the cheapest level was factorised although every candidate's label there is known");
        Assert.Contains("GP not fitted so far", model.Describe());
        Assert.True(model.Levels[1].Gp.IsSolved);

        // Asked where its labels are not known, it solves, and predicts exactly as a fit done at once.
        int[] unknown = [.. order[800..850]];
        var deferred = model.Levels[0].Gp.Predict(pool.Features.Subset(unknown));
        Assert.True(model.Levels[0].Gp.IsSolved);
        var offsets = model.Levels[0].Offsets;
        int[] training = [.. order[..800].Order()]; // a level keeps its molecules in ascending order
        var eager = KernelRidge.Fit(pool.Features.Subset(training),
            [.. training.Select(m => qm7.Gfn2KcalPerMol[m] - offsets.Of(pool.Compositions[m]))], Coulomb).Predict(pool.Features.Subset(unknown));
        Assert.Equal(eager.Mean, deferred.Mean);
        Assert.Equal(eager.Sigma, deferred.Sigma);
        Assert.Equal(prediction.Mean, model.Predict(pool.Subset(candidates), [known]).Mean);
    }

    private static VectorFeatures Points(IEnumerable<double> x)
    {
        var values = x.ToArray();
        return new VectorFeatures(new Matrix(values.Length, 1, values));
    }
}
