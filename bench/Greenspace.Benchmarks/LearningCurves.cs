using System.Diagnostics;
using System.Globalization;
using Greenspace.Learning;
using Greenspace.Learning.Calibration;
using Greenspace.Learning.Datasets;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;
using Greenspace.Learning.Representations;
using Greenspace.Ledger;

namespace Greenspace.Benchmarks;

/// <summary>
/// Learning curves on QM7 over the five committed test splits: MAE (kcal/mol, mean and standard deviation over the
/// splits) at N = 100 ... 6,000 PBE0 labels for the Coulomb matrix, bag of bonds, SLATM and FCHL19, each learnt
/// directly, as Delta from DFTB and from GFN2-xTB, and as a co-kriging model over GFN2-xTB, DFTB and PBE0; every point
/// also as the kWh of all the labels it used (cheap labels at the predicted molecules included) and of its training.
/// Then the targets, and the calibration of the best model. Progress goes to standard error, results to standard out.
/// </summary>
/// <remarks>
/// Every representation's pairwise distances (or, for FCHL19, its atom-sum kernel at one width) are computed once over
/// all 7,101 molecules (<see cref="PoolFeatures"/>); each model then gathers the entries it needs, and is charged a
/// share of that one-off cost in proportion to the pairs it reads.
/// </remarks>
public static class LearningCurves
{
    private static readonly int[] Sizes = [100, 300, 1000, 3000, 6000];
    /// <summary>Cross-validation runs on at most this many molecules of a training set (5 folds), bounding its cost at large N.</summary>
    private const int SearchMolecules = 2000;
    private const int Folds = 5;
    private static readonly double[] WidthsOverMedian = [1, Math.Sqrt(10), 10, 10 * Math.Sqrt(10), 100, 100 * Math.Sqrt(10), 1000];
    private static readonly double[] VectorLambdas = [1e-10, 1e-7, 1e-4];
    private static readonly double[] Fchl19Widths = [1, 2, 4, 8, 16];
    private static readonly double[] Fchl19Lambdas = [1e-10, 1e-8, 1e-6, 1e-4, 1e-2];

    private const string Direct = "direct PBE0";
    private const string DeltaDftb = "Delta PBE0-DFTB";
    private const string DeltaGfn2 = "Delta PBE0-GFN2";
    private const string MultiFidelity = "MF GFN2>DFTB>PBE0";
    private const string MultiFidelityBlind = "MF, no label at x";
    private static readonly string[] ModelNames = [Direct, DeltaDftb, DeltaGfn2, MultiFidelity, MultiFidelityBlind];

    /// <summary>One model at one N on one split.</summary>
    private sealed record Point(string Representation, string Model, int N, int Split, double Mae, double LabelCpuSeconds, double TrainingCpuSeconds);

    /// <summary>
    /// A representation's pools: one for direct models and one for corrections (the same unless FCHL19 chose two
    /// widths), each with the CPU seconds it took to make (features and width search included).
    /// </summary>
    private sealed record Pools(string Name, MoleculeInputs ForDirect, double DirectCpuSeconds, MoleculeInputs ForCorrections, double CorrectionCpuSeconds, string Settings)
    {
        public double CpuSeconds => ReferenceEquals(ForDirect, ForCorrections) ? DirectCpuSeconds : DirectCpuSeconds + CorrectionCpuSeconds;
    }

    private sealed class Context
    {
        public required Qm7Dataset Qm7 { get; init; }
        public required double[] Pbe0Cpu { get; init; }
        public required double[] Gfn2Cpu { get; init; }
        public required double[] DftbCpu { get; init; }
        public required Func<double, double> Kwh { get; init; }
        public required Stopwatch Clock { get; init; }
        public List<Point> Points { get; } = [];
    }

    /// <param name="only">Representations to run (cm, bob, slatm, fchl19); empty runs all four.</param>
    public static void Run(double budgetMinutes = 60, IReadOnlyCollection<string>? only = null)
    {
        var clock = Stopwatch.StartNew();
        var qm7 = Qm7Dataset.Load(StoreOverhead.DataPath("qm7"));
        var machine = MachineProfile.Detect(GreenAlgorithmsTables.Default, MachineSettings.Load());
        var footprint = new CalculationFootprintModel(GreenAlgorithmsTables.Default);
        double Kwh(double cpuSeconds) => cpuSeconds <= 0 ? 0
            : footprint.Estimate(new CalculationUsage(cpuSeconds, cpuSeconds, 0, 1.0 / machine.LogicalCpus), machine).EnergyKwh;
        var pbe0Cost = LabelCostModel.Fit(Qm7Dataset.Pbe0.Name,
            [.. qm7.Pbe0Costs.Select(c => ((double)LabelCostModel.Def2TzvpBasisFunctions(qm7.Molecules[c.Molecule]), c.CpuSeconds))]);
        var context = new Context
        {
            Qm7 = qm7,
            Pbe0Cpu = [.. qm7.Molecules.Select(m => pbe0Cost.CpuSeconds(LabelCostModel.Def2TzvpBasisFunctions(m)))],
            Gfn2Cpu = [.. qm7.Gfn2CpuSeconds],
            DftbCpu = [.. qm7.Gfn1CpuSeconds],
            Kwh = Kwh,
            Clock = clock,
        };

        Console.WriteLine($"Learning curves on QM7 ({qm7.Molecules.Length:N0} molecules), the {Qm7Dataset.SplitCount} committed test splits of {Qm7Dataset.TestCount:N0}; MAE in kcal/mol, mean ± standard deviation over the splits");
        Console.WriteLine($"  load average at the start (1, 5, 15 min): {LoadAverage()}; {Environment.ProcessorCount} logical CPUs, OpenBLAS {Greenspace.Learning.LinearAlgebra.OpenBlas.CoreName} with {Greenspace.Learning.LinearAlgebra.OpenBlas.ThreadCount} threads; budget {budgetMinutes:F0} min");
        Console.WriteLine($"  NOTE: {Qm7Dataset.GeometryNote}.");
        Console.WriteLine($"  NOTE: {Qm7Dataset.DftbCostNote}.");
        Console.WriteLine($"  label cost: {pbe0Cost.Describe()}; mean {context.Pbe0Cpu.Average():F1} CPU s per QM7 molecule; GFN2-xTB measured, mean {context.Gfn2Cpu.Average() * 1000:F1} CPU ms; DFTB as GFN1-xTB measured, mean {context.DftbCpu.Average() * 1000:F1} CPU ms");
        Console.WriteLine($"  kWh: Greenspace.Ledger per-calculation model, wall = CPU seconds, core share 1/{machine.LogicalCpus}: {machine.CpuModelName} at {machine.TdpPerCoreW:F1} W per core ({machine.TdpSource}), PUE {machine.Pue:F2}; "
            + $"1 CPU hour = {Kwh(3600):F4} kWh. Training: this process's CPU time around each fit (search included), plus its share of the one-off pool");
        Console.WriteLine($"  models: every model fits per-element offsets on its training set (least squares on element counts; labels are atomization energies from free atoms at each level) and a KRR/GP on what remains; "
            + $"Delta adds the baseline computed at each molecule; MF is recursive co-kriging (rho and offsets by generalised or ordinary least squares or rho = 1, whichever cross-validates best) with GFN2-xTB and DFTB on all {qm7.TrainingIndices(1).Length:N0} training molecules of a split and PBE0 on N of them, "
            + $"predicted with GFN2-xTB computed at the predicted molecules ('{MultiFidelity}', its cost counted) or with no label there ('{MultiFidelityBlind}')");
        Console.WriteLine($"  hyperparameters: {Folds}-fold CV inside each training set (on {SearchMolecules:N0} of its molecules when larger), Laplacian widths {string.Join("/", WidthsOverMedian.Select(w => w.ToString("G3", CultureInfo.InvariantCulture)))} x the training set's median distance, "
            + $"lambdas {string.Join("/", VectorLambdas.Select(l => l.ToString("G1", CultureInfo.InvariantCulture)))}; training sets: a seeded shuffle of the split's training molecules (the first molecule with each element moved to the front), nested over N");
        Console.WriteLine($"  for scale (the team's scikit-learn Laplacian KRR, one split, no offsets): Coulomb matrix 3.25 at 6,000; bag of bonds 1.55 at 6,000; Delta from DFTB with bag of bonds 1.43 / 0.94 / 0.75 at 1,000 / 3,000 / 6,000");
        Console.WriteLine();

        var pools = new List<Pools>();
        var makers = new (string Key, Func<Context, double, Pools?> Make)[] { ("cm", CoulombPool), ("bob", BagOfBondsPool), ("slatm", SlatmPool), ("fchl19", Fchl19Pool) };
        foreach (var (key, make) in makers)
        {
            if (only is { Count: > 0 } && !only.Contains(key))
                continue;
            var representation = make(context, budgetMinutes);
            if (representation is null)
                continue;
            pools.Add(representation);
            Console.WriteLine($"  {representation.Name}: {representation.Settings}; pool {representation.CpuSeconds:F0} CPU s");
            for (int split = 1; split <= Qm7Dataset.SplitCount; split++)
            {
                if (clock.Elapsed.TotalMinutes > budgetMinutes)
                {
                    Console.WriteLine($"  BUDGET: {budgetMinutes:F0} min spent before {representation.Name} split {split}; its remaining splits were not run");
                    break;
                }
                RunSplit(context, representation, split);
            }
        }

        Console.WriteLine();
        PrintCurves(context);
        PrintTargets(context);
        Calibrate(context, pools);
        Console.WriteLine($"  total wall time {clock.Elapsed.TotalMinutes:F1} min; load average at the end (1, 5, 15 min): {LoadAverage()}");
    }

    private static Pools CoulombPool(Context context, double budgetMinutes) =>
        DistancePool(context, new CoulombMatrix(), "sorted Coulomb matrix (Rupp et al. 2012, 23 atoms, angstrom), Laplacian kernel");

    private static Pools BagOfBondsPool(Context context, double budgetMinutes) =>
        DistancePool(context, BagOfBonds.Fit(context.Qm7.Molecules), "bag of bonds (Hansen et al. 2015; bags sized on all 7,101 geometries, no labels), Laplacian kernel");

    private static Pools SlatmPool(Context context, double budgetMinutes) =>
        DistancePool(context, Slatm.Fit(context.Qm7.Molecules), "SLATM (Huang and von Lilienfeld 2020, qmlcode defaults; many-body types from all 7,101 geometries, no labels), Laplacian kernel");

    private static Pools DistancePool(Context context, IGlobalRepresentation representation, string settings)
    {
        Progress(context, $"{representation.Name}: features and pairwise L1 distances of all molecules");
        double cpu = CpuSeconds();
        var features = VectorFeatures.Compute(representation, context.Qm7.Molecules);
        var pool = MoleculeInputs.Of(PoolFeatures.WithDistances(features, KernelKind.Laplacian), context.Qm7.Molecules);
        cpu = CpuSeconds() - cpu;
        return new Pools(Shorten(representation.Name), pool, cpu, pool, cpu, settings);
    }

    /// <summary>
    /// FCHL19 with the Gaussian atom-sum kernel: its cost is in the comparisons, so the whole kernel is computed at one
    /// width (or two: one for direct models, one for corrections), chosen by cross-validation on 1,000 molecules that
    /// lie in none of the five test sets; lambda is then chosen per model. Skipped, with the reason, when the
    /// measured speed of the kernel says it cannot fit the budget left.
    /// </summary>
    private static Pools? Fchl19Pool(Context context, double budgetMinutes)
    {
        var qm7 = context.Qm7;
        Progress(context, "FCHL19: features of all molecules, and the speed of the atom-sum kernel");
        double cpu = CpuSeconds();
        var features = AtomicFeatures.Compute(new Fchl19(), qm7.Molecules);
        var sample = features.Subset([.. Enumerable.Range(0, 300).Select(i => i * 23)]);
        var timer = Stopwatch.StartNew();
        KernelMatrix.Of(Kernel.Gaussian(4), sample);
        double perPair = timer.Elapsed.TotalSeconds / (300.0 * 301 / 2);
        double poolSeconds = perPair * qm7.Molecules.Length * (qm7.Molecules.Length + 1.0) / 2;

        var inNoTest = Enumerable.Range(0, qm7.Molecules.Length).Except(Enumerable.Range(1, Qm7Dataset.SplitCount).SelectMany(s => qm7.TestIndices(s))).ToArray();
        new Random(19).Shuffle(inNoTest);
        var searchSet = inNoTest[..1000];
        var compositions = searchSet.Select(i => Composition.Of(qm7.Molecules[i])).ToList();
        var grid = new HyperparameterGrid(KernelKind.Gaussian, Fchl19Widths, Fchl19Lambdas);
        double Choose(IReadOnlyList<double> labels)
        {
            var offsets = ElementOffsets.Fit(compositions, labels);
            var residual = labels.Select((y, k) => y - offsets.Of(compositions[k])).ToArray();
            return HyperparameterSearch.CrossValidate(features.Subset(searchSet), residual, grid, Folds).Best.Kernel.Width;
        }
        double searchSeconds = 2 * Fchl19Widths.Length * perPair * 1000 * 1001 / 2;
        double left = budgetMinutes * 60 - context.Clock.Elapsed.TotalSeconds;
        // The rest of a representation's curves took about 10 minutes on this machine (measured on SLATM); the kernel comes on top.
        if (searchSeconds + poolSeconds + 600 > left)
        {
            Console.WriteLine($"  FCHL19 skipped: its atom-sum kernel takes {perPair * 1e6:F1} us per pair of molecules here, so the width search and one pool kernel need about {(searchSeconds + poolSeconds) / 60:F0} min "
                + $"where {left / 60:F0} min of the budget are left; SLATM stands as the best representation");
            return null;
        }
        Progress(context, $"FCHL19: kernel {perPair * 1e6:F1} us per pair, one pool kernel about {poolSeconds / 60:F1} min; choosing widths by {Folds}-fold CV on 1,000 molecules in no test split");
        double directWidth = Choose([.. searchSet.Select(i => qm7.Pbe0KcalPerMol[i])]);
        double correctionWidth = Choose([.. searchSet.Select(i => qm7.Pbe0KcalPerMol[i] - qm7.DftbKcalPerMol[i])]);
        bool two = directWidth != correctionWidth && searchSeconds + 2 * poolSeconds + 600 <= left;
        if (!two)
            correctionWidth = directWidth;
        Progress(context, $"FCHL19: width {directWidth} for direct models, {correctionWidth} for corrections; computing {(two ? "two pool kernels" : "the pool kernel")}");
        double shared = CpuSeconds() - cpu;
        cpu = CpuSeconds();
        var direct = MoleculeInputs.Of(PoolFeatures.WithKernel(features, Kernel.Gaussian(directWidth)), qm7.Molecules);
        double directCpu = CpuSeconds() - cpu;
        cpu = CpuSeconds();
        var corrections = two ? MoleculeInputs.Of(PoolFeatures.WithKernel(features, Kernel.Gaussian(correctionWidth)), qm7.Molecules) : direct;
        double correctionCpu = two ? CpuSeconds() - cpu : directCpu;
        return new Pools("FCHL19", direct, shared + directCpu, corrections, shared + correctionCpu,
            $"FCHL19 (Christensen et al. 2020, qmlcode defaults), Gaussian atom-sum kernel, width {directWidth} (direct) and {correctionWidth} (Delta, MF) "
            + $"by {Folds}-fold CV on 1,000 molecules in no test split (widths {string.Join("/", Fchl19Widths)}), lambda per model from {string.Join("/", Fchl19Lambdas.Select(l => l.ToString("G1", CultureInfo.InvariantCulture)))}");
    }

    private static void RunSplit(Context context, Pools pools, int split)
    {
        var qm7 = context.Qm7;
        var order = TrainingOrder(qm7, split);
        var test = qm7.TestIndices(split).ToArray();
        var truth = test.Select(i => qm7.Pbe0KcalPerMol[i]).ToArray();
        var directChoice = Choice(pools.ForDirect, order, split);
        var correctionChoice = Choice(pools.ForCorrections, order, split);
        double poolPairs = qm7.Molecules.Length * (qm7.Molecules.Length + 1.0) / 2;
        // A model is charged the part of its pool's one-off cost that the kernel entries it reads would have cost.
        double Share(double poolCpu, int n) => poolCpu * (n * (n + 1.0) / 2 + (double)n * test.Length) / poolPairs;
        double Sum(double[] cpu, IEnumerable<int> molecules) => molecules.Sum(i => cpu[i]);
        void Add(string model, int n, double[] predicted, double labelCpu, double trainingCpu)
        {
            double mae = predicted.Zip(truth, (p, t) => Math.Abs(p - t)).Average();
            context.Points.Add(new Point(pools.Name, model, n, split, mae, labelCpu, trainingCpu));
            Progress(context, $"{pools.Name} split {split} {model,-18} N {n,5}: MAE {mae:F3} kcal/mol, training {trainingCpu:F1} CPU s");
        }

        // The two cheap levels of the co-kriging model do not depend on N: fitted once per split on all training molecules.
        double cpu = CpuSeconds();
        var cheap = MultiFidelityModel.FitCheapest(pools.ForCorrections, Qm7Dataset.Gfn2, order, qm7.Gfn2KcalPerMol, elementOffsets: true, correctionChoice)
            .AddLevel(Qm7Dataset.Dftb, order, qm7.DftbKcalPerMol, correctionChoice);
        double cheapCpu = CpuSeconds() - cpu + Share(pools.CorrectionCpuSeconds, order.Length);
        double cheapLabels = Sum(context.Gfn2Cpu, order) + Sum(context.DftbCpu, order);
        Progress(context, $"{pools.Name} split {split}: cheap levels on {order.Length:N0} molecules ({cheapCpu:F1} CPU s): {cheap.Describe().Split('\n')[2].Trim()}");

        var testInputs = pools.ForDirect.Subset(test);
        var testCorrections = pools.ForCorrections.Subset(test);
        double[] TestLabels(IReadOnlyList<double> labels) => [.. test.Select(i => labels[i])];
        foreach (int n in Sizes)
        {
            var train = order[..n];
            double pbe0Labels = Sum(context.Pbe0Cpu, train);

            cpu = CpuSeconds();
            var direct = MultiFidelityModel.FitCheapest(pools.ForDirect, Qm7Dataset.Pbe0, train, qm7.Pbe0KcalPerMol, elementOffsets: true, directChoice);
            Add(Direct, n, direct.Predict(testInputs).Mean, pbe0Labels, CpuSeconds() - cpu + Share(pools.DirectCpuSeconds, n));

            foreach (var (name, baseline, labels, baselineCpu) in new[] { (DeltaDftb, Qm7Dataset.Dftb, qm7.DftbKcalPerMol, context.DftbCpu), (DeltaGfn2, Qm7Dataset.Gfn2, qm7.Gfn2KcalPerMol, context.Gfn2Cpu) })
            {
                cpu = CpuSeconds();
                var delta = DeltaModel.Fit(pools.ForCorrections.Subset(train), Qm7Dataset.Pbe0, [.. train.Select(i => qm7.Pbe0KcalPerMol[i])],
                    baseline, [.. train.Select(i => labels[i])], elementOffsets: true, correctionChoice);
                Add(name, n, delta.Predict(testCorrections, TestLabels(labels)).Mean,
                    pbe0Labels + Sum(baselineCpu, train) + Sum(baselineCpu, test), CpuSeconds() - cpu + Share(pools.CorrectionCpuSeconds, n));
            }

            cpu = CpuSeconds();
            var mf = cheap.AddLevel(Qm7Dataset.Pbe0, train, qm7.Pbe0KcalPerMol, correctionChoice);
            double mfCpu = CpuSeconds() - cpu + Share(pools.CorrectionCpuSeconds, n) + cheapCpu;
            Progress(context, $"{pools.Name} split {split} MF N {n,5}: rho {mf.Levels[^1].Rho:F3} by {mf.Levels[^1].RhoEstimate}");
            Add(MultiFidelity, n, mf.Predict(testCorrections, [TestLabels(qm7.Gfn2KcalPerMol)]).Mean, cheapLabels + pbe0Labels + Sum(context.Gfn2Cpu, test), mfCpu);
            Add(MultiFidelityBlind, n, mf.Predict(testCorrections).Mean, cheapLabels + pbe0Labels, mfCpu);
        }
    }

    /// <summary>
    /// The training molecules of a split in a seeded random order, with the first molecule that has each element moved
    /// to the front, so that every N from 100 up has an offset (and, for FCHL19, kernel terms) for every element.
    /// </summary>
    private static int[] TrainingOrder(Qm7Dataset qm7, int split)
    {
        var order = qm7.TrainingIndices(split);
        new Random(split).Shuffle(order);
        var front = new List<int>();
        foreach (int z in order.SelectMany(i => qm7.Molecules[i].AtomicNumbers).Distinct().Order())
        {
            int first = order.First(i => qm7.Molecules[i].AtomicNumbers.Contains(z));
            if (!front.Contains(first))
                front.Add(first);
        }
        return [.. front, .. order.Where(i => !front.Contains(i))];
    }

    /// <summary>Cross-validation over widths scaled by the training set's median distance, or over lambda alone at a pool's fixed kernel.</summary>
    private static HyperparameterChoice Choice(MoleculeInputs pool, int[] training, int split)
    {
        var features = (PoolFeatures)pool.Features;
        var grid = features.FixedKernel is { } kernel
            ? new HyperparameterGrid(kernel.Kind, [kernel.Width], Fchl19Lambdas)
            : new HyperparameterGrid(KernelKind.Laplacian, WidthsOverMedian.Select(w => w * features.Subset(training).MedianDistance()), VectorLambdas);
        return new HyperparameterChoice.CrossValidated(grid, Folds, SearchMolecules, split);
    }

    private static void PrintCurves(Context context)
    {
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine("Learning curves: MAE (kcal/mol, mean ± sd over splits) | kWh of all labels used | kWh of training");
        foreach (var group in context.Points.GroupBy(p => p.Representation))
        {
            Console.WriteLine($"  {group.Key}");
            foreach (var model in ModelNames)
                foreach (int n in Sizes)
                {
                    var points = group.Where(p => p.Model == model && p.N == n).ToList();
                    if (points.Count == 0)
                        continue;
                    var (mean, sd) = MeanAndDeviation(points.Select(p => p.Mae));
                    double labels = context.Kwh(points.Average(p => p.LabelCpuSeconds)), training = context.Kwh(points.Average(p => p.TrainingCpuSeconds));
                    Console.WriteLine(string.Create(c, $"    {model,-18} N {n,5}  MAE {mean,6:F3} ± {sd:F3}  labels {labels,9:F4} kWh  training {training,8:F5} kWh  ({points.Count} splits)"));
                }
        }
        Console.WriteLine();
        Console.WriteLine("Summary: MAE (kcal/mol) by N");
        Console.WriteLine($"  {"representation / model",-36}{string.Concat(Sizes.Select(n => $"{n,14:N0}"))}");
        foreach (var group in context.Points.GroupBy(p => p.Representation))
            foreach (var model in ModelNames)
            {
                var cells = Sizes.Select(n =>
                {
                    var maes = group.Where(p => p.Model == model && p.N == n).Select(p => p.Mae).ToList();
                    if (maes.Count == 0)
                        return $"{"-",14}";
                    var (mean, sd) = MeanAndDeviation(maes);
                    return string.Create(c, $"{mean,8:F2} ±{sd,4:F2}");
                });
                Console.WriteLine($"  {group.Key + " " + model,-36}{string.Concat(cells)}");
            }
        Console.WriteLine();
    }

    private static void PrintTargets(Context context)
    {
        var c = CultureInfo.InvariantCulture;
        var curves = context.Points.GroupBy(p => (p.Representation, p.Model, p.N))
            .Select(g => (g.Key.Representation, g.Key.Model, g.Key.N, Mae: g.Average(p => p.Mae), Sd: MeanAndDeviation(g.Select(p => p.Mae)).Sd,
                Kwh: context.Kwh(g.Average(p => p.LabelCpuSeconds)) + context.Kwh(g.Average(p => p.TrainingCpuSeconds)), Splits: g.Count()))
            .ToList();
        Console.WriteLine("Targets:");
        var bestDirect = curves.Where(p => p.Model == Direct && p.N == 6000).OrderBy(p => p.Mae).FirstOrDefault();
        if (bestDirect.Model is null)
        {
            Console.WriteLine("  no direct model reached N = 6,000 within the budget");
            return;
        }
        Console.WriteLine(string.Create(c, $"  best direct model at N = 6,000: {bestDirect.Representation}, MAE {bestDirect.Mae:F3} ± {bestDirect.Sd:F3} kcal/mol: target <= 1.0 {(bestDirect.Mae <= 1.0 ? "met" : "MISSED")}, stretch <= 0.8 {(bestDirect.Mae <= 0.8 ? "met" : "missed")}"));

        var cheapest = curves.Where(p => p.Model != Direct && p.N <= 1000).OrderBy(p => p.Mae).First();
        Console.WriteLine(string.Create(c, $"  best Delta or MF model with at most 1,000 PBE0 labels: {cheapest.Representation} {cheapest.Model} at N = {cheapest.N:N0}, MAE {cheapest.Mae:F3} ± {cheapest.Sd:F3} kcal/mol: target <= 1.0 {(cheapest.Mae <= 1.0 ? "met" : "MISSED")}"));

        Console.WriteLine(string.Create(c, $"  energy of the best direct model at N = 6,000, all labels and training: {bestDirect.Kwh:F3} kWh"));
        Console.WriteLine("  energy to reach that error (all labels and training; first measured point, and log-log interpolation between the two points around it):");
        foreach (var model in ModelNames.Where(m => m != Direct))
            Console.WriteLine($"    {model,-18} {Reaching(curves.Where(p => p.Model == model).Select(p => (p.Representation, p.N, p.Mae, p.Kwh)), bestDirect.Mae, bestDirect.Kwh)}");
        Console.WriteLine("  the same against each representation's own direct model at N = 6,000:");
        foreach (var representation in curves.Select(p => p.Representation).Distinct())
        {
            var own = curves.FirstOrDefault(p => p.Representation == representation && p.Model == Direct && p.N == 6000);
            if (own.Model is null)
                continue;
            foreach (var model in new[] { MultiFidelity, MultiFidelityBlind })
                Console.WriteLine(string.Create(c, $"    {representation,-15} {model,-18} (direct {own.Mae:F3} kcal/mol, {own.Kwh:F3} kWh): ")
                    + Reaching(curves.Where(p => p.Model == model && p.Representation == representation).Select(p => (p.Representation, p.N, p.Mae, p.Kwh)), own.Mae, own.Kwh));
        }
        Console.WriteLine("  target: the MF model reaching the best direct model's N = 6,000 error with at least 10 times less energy, all labels counted: "
            + (curves.Any(p => p.Model is MultiFidelity or MultiFidelityBlind && p.Mae <= bestDirect.Mae && bestDirect.Kwh / p.Kwh >= 10) ? "met" : "MISSED"));
        Console.WriteLine();
    }

    /// <summary>Where a learning curve first reaches <paramref name="mae"/>, and how much less energy than <paramref name="kwh"/> that takes.</summary>
    private static string Reaching(IEnumerable<(string Representation, int N, double Mae, double Kwh)> points, double mae, double kwh)
    {
        var c = CultureInfo.InvariantCulture;
        var byCurve = points.GroupBy(p => p.Representation).Select(g => g.OrderBy(p => p.N).ToList()).ToList();
        var reached = byCurve.SelectMany(curve => curve.Where(p => p.Mae <= mae).Take(1).Select(p => (Point: p, Curve: curve))).OrderBy(x => x.Point.Kwh).FirstOrDefault();
        if (reached.Curve is null)
        {
            var closest = byCurve.SelectMany(curve => curve).OrderBy(p => p.Mae).FirstOrDefault();
            return closest.Representation is null ? "no points" : string.Create(c, $"never reaches {mae:F3} kcal/mol (closest: {closest.Representation} at N = {closest.N:N0}, {closest.Mae:F3})");
        }
        var (representation, n, reachedMae, reachedKwh) = reached.Point;
        string text = string.Create(c, $"{representation} at N = {n:N0} (MAE {reachedMae:F3}, {reachedKwh:F4} kWh): {kwh / reachedKwh:F1}x less");
        int index = reached.Curve.IndexOf(reached.Point);
        if (index > 0)
        {
            var before = reached.Curve[index - 1];
            double t = Math.Log(before.Mae / mae) / Math.Log(before.Mae / reachedMae);
            double estimate = Math.Exp(Math.Log(before.Kwh) + t * Math.Log(reachedKwh / before.Kwh));
            text += string.Create(c, $"; interpolated {estimate:F4} kWh: {kwh / estimate:F1}x less");
        }
        return text;
    }

    /// <summary>
    /// The best model at N = 6,000 (and the best multi-fidelity one) trained again on 5,000 of the same molecules, its
    /// sigma scale fitted on the other 1,000 (validation, inside the training set), the figures measured on the test
    /// split; for every split.
    /// </summary>
    private static void Calibrate(Context context, List<Pools> pools)
    {
        var ranked = context.Points.Where(p => p.N == 6000).GroupBy(p => (p.Representation, p.Model)).OrderBy(g => g.Average(p => p.Mae)).Select(g => g.Key).ToList();
        if (ranked.Count == 0)
            return;
        Calibrate(context, pools, ranked[0].Representation, ranked[0].Model, "the best model");
        // The co-kriging variance is the multi-fidelity model's own: measured as well when another model is best.
        var bestMultiFidelity = ranked.First(k => k.Model is MultiFidelity or MultiFidelityBlind);
        if (bestMultiFidelity != ranked[0])
            Calibrate(context, pools, bestMultiFidelity.Representation, bestMultiFidelity.Model, "the best multi-fidelity model");
    }

    private static void Calibrate(Context context, List<Pools> pools, string representation, string model, string which)
    {
        var qm7 = context.Qm7;
        var pool = pools.Single(p => p.Name == representation);
        Console.WriteLine($"Calibration of {which} at N = 6,000 ({representation} {model}): trained on 5,000 training molecules, sigma scale fitted on the other 1,000 (validation), figures on the 1,000 test molecules");
        var reports = new List<CalibrationReport>();
        for (int split = 1; split <= Qm7Dataset.SplitCount; split++)
        {
            var order = TrainingOrder(qm7, split);
            int[] train = order[..5000], validation = order[5000..6000], test = [.. qm7.TestIndices(split)];
            var predict = Fit(qm7, pool, model, order, train, split);
            var report = UncertaintyCalibration.Evaluate([.. validation.Select(i => qm7.Pbe0KcalPerMol[i])], predict(validation),
                [.. test.Select(i => qm7.Pbe0KcalPerMol[i])], predict(test));
            reports.Add(report);
            Progress(context, $"calibration of {representation} {model} split {split}: scale {report.Scale:F3}, MAE {report.MeanAbsoluteError:F3}, Spearman {report.SpearmanAbsoluteErrorSigma:F3}");
            if (split == 1)
                Console.Write("  split 1: " + report.ToText("kcal/mol").Replace("\n", "\n    ").TrimEnd(' '));
        }
        var c = CultureInfo.InvariantCulture;
        string Figure(Func<CalibrationReport, double> f) { var (m, s) = MeanAndDeviation(reports.Select(f)); return string.Create(c, $"{m:F3} ± {s:F3}"); }
        Console.WriteLine($"  over the {reports.Count} splits: scale {Figure(r => r.Scale)}, MAE {Figure(r => r.MeanAbsoluteError)} kcal/mol, miscalibration area {Figure(r => r.MiscalibrationArea)}, "
            + $"ENCE {Figure(r => r.Ence)}, NLL {Figure(r => r.NegativeLogLikelihood)}, Spearman(|error|, sigma) {Figure(r => r.SpearmanAbsoluteErrorSigma)}");
        Console.WriteLine();
    }

    /// <summary>One of the curves' models trained on <paramref name="train"/>, as a function from molecules to predictions with sigma.</summary>
    private static Func<int[], Prediction> Fit(Qm7Dataset qm7, Pools pool, string model, int[] order, int[] train, int split)
    {
        var inputs = model == Direct ? pool.ForDirect : pool.ForCorrections;
        var choice = Choice(inputs, order, split);
        double[] Labels(IReadOnlyList<double> all, int[] x) => [.. x.Select(i => all[i])];
        switch (model)
        {
            case Direct:
                var direct = MultiFidelityModel.FitCheapest(inputs, Qm7Dataset.Pbe0, train, qm7.Pbe0KcalPerMol, elementOffsets: true, choice);
                return x => direct.Predict(inputs.Subset(x));
            case DeltaDftb or DeltaGfn2:
                var baseline = model == DeltaDftb ? Qm7Dataset.Dftb : Qm7Dataset.Gfn2;
                var labels = qm7.Labels(baseline);
                var delta = DeltaModel.Fit(inputs.Subset(train), Qm7Dataset.Pbe0, Labels(qm7.Pbe0KcalPerMol, train), baseline, Labels(labels, train), elementOffsets: true, choice);
                return x => delta.Predict(inputs.Subset(x), Labels(labels, x));
            default:
                var mf = MultiFidelityModel.FitCheapest(inputs, Qm7Dataset.Gfn2, order, qm7.Gfn2KcalPerMol, elementOffsets: true, choice)
                    .AddLevel(Qm7Dataset.Dftb, order, qm7.DftbKcalPerMol, choice)
                    .AddLevel(Qm7Dataset.Pbe0, train, qm7.Pbe0KcalPerMol, choice);
                return model == MultiFidelity
                    ? x => mf.Predict(inputs.Subset(x), [Labels(qm7.Gfn2KcalPerMol, x)])
                    : x => mf.Predict(inputs.Subset(x));
        }
    }

    private static (double Mean, double Sd) MeanAndDeviation(IEnumerable<double> values)
    {
        var list = values.ToList();
        double mean = list.Average();
        return (mean, list.Count < 2 ? 0 : Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)));
    }

    private static double CpuSeconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    private static void Progress(Context context, string message) =>
        Console.Error.WriteLine($"[{context.Clock.Elapsed:hh\\:mm\\:ss}] {message}");

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";

    private static string Shorten(string name) => name.Split(" (")[0];
}
