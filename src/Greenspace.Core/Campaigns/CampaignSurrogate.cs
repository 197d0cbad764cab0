using Greenspace.Learning;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.Models;
using Greenspace.Learning.Representations;

namespace Greenspace.Campaigns;

/// <summary>
/// The campaign's surrogate: recursive co-kriging (<see cref="MultiFidelityModel"/>) over the rungs up to the target,
/// on one representation of the whole library whose pairwise distances are computed once. Level l learns from the
/// molecules known at every rung up to l, so the training sets are nested. Hyperparameters are chosen by
/// cross-validation inside each level's training set at every refit.
/// </summary>
public sealed class CampaignSurrogate
{
    private readonly Ladder _ladder;
    private readonly int[] _levels;
    private readonly HyperparameterChoice _hyperparameters;
    private readonly double? _rho;
    private readonly SignalVarianceEstimate _variance;
    private (int Rung, int[] Set, MultiFidelityModel Model)? _cheapest;

    /// <param name="targetOnly">A single-fidelity surrogate: the target rung alone.</param>
    public CampaignSurrogate(SurrogateSpec spec, CampaignLibrary library, Ladder ladder, bool targetOnly, int seed)
    {
        _ladder = ladder;
        _rho = spec.Rho;
        _variance = spec.Variance ?? SignalVarianceEstimate.MaximumLikelihood;
        _levels = targetOnly ? [ladder.Target] : [.. Enumerable.Range(0, ladder.Target + 1)];
        var molecules = library.Molecules.Select(m => m.Molecule).ToList();
        IGlobalRepresentation representation = spec.Representation switch
        {
            SurrogateRepresentation.CoulombMatrix => new CoulombMatrix(molecules.Max(m => m.AtomCount)),
            SurrogateRepresentation.Slatm => Slatm.Fit(molecules),
            _ => BagOfBonds.Fit(molecules),
        };
        Representation = representation.Name;
        var pool = PoolFeatures.WithLazyDistances(VectorFeatures.Compute(representation, molecules), KernelKind.Laplacian);
        Pool = MoleculeInputs.Of(pool, molecules);
        double median = molecules.Count > 1 ? pool.MedianDistance() : 1;
        if (!(median > 0))
            median = 1;
        var grid = new HyperparameterGrid(KernelKind.Laplacian, spec.WidthsOverMedian.Select(w => w * median), spec.Lambdas);
        _hyperparameters = spec.Validation == SurrogateValidation.LeaveOneOut
            ? new HyperparameterChoice.LeaveOneOut(grid, MaxMolecules: 1000, Seed: seed)
            : new HyperparameterChoice.CrossValidated(grid, Folds: 5, MaxMolecules: 1000, Seed: seed);
    }

    public string Representation { get; }
    public MoleculeInputs Pool { get; }

    /// <summary>The rungs the model's levels stand for, cheapest first; the last is the target.</summary>
    public IReadOnlyList<int> LevelRungs => _levels;

    /// <summary>The model on what <paramref name="state"/> knows, or null while a level has fewer than two molecules.</summary>
    /// <param name="rungs">The rungs to learn, cheapest first (a funnel stage's); by default the surrogate's levels.</param>
    public MultiFidelityModel? Fit(CampaignState state, IReadOnlyList<int>? rungs = null)
    {
        rungs ??= _levels;
        var sets = new List<int[]>();
        var known = Enumerable.Range(0, Pool.Count).ToList();
        foreach (int rung in rungs)
        {
            known = [.. known.Where(m => state.Known(rung, m))];
            if (known.Count < 2)
                return null;
            sets.Add([.. known]);
        }
        var labels = rungs.Select(r => (IReadOnlyList<double>)state.Labels[r]).ToList();
        // The cheapest level often stops changing (computed everywhere at the start): it is refitted only when its set grows.
        MultiFidelityModel model;
        if (_cheapest is { } cached && cached.Rung == rungs[0] && cached.Set.SequenceEqual(sets[0]))
            model = cached.Model;
        else
        {
            model = MultiFidelityModel.FitCheapest(Pool, _ladder.Fidelities[rungs[0]], sets[0], labels[0], _ladder.NeedsElementOffsets, _hyperparameters);
            _cheapest = (rungs[0], sets[0], model);
        }
        for (int l = 1; l < rungs.Count; l++)
            model = model.AddLevel(_ladder.Fidelities[rungs[l]], sets[l], labels[l], _hyperparameters, _rho, _variance);
        return model;
    }

    /// <summary>Each level's labels already known at <paramref name="molecules"/> (NaN where not), as the model reads them (all but its top level).</summary>
    public IReadOnlyList<IReadOnlyList<double>?> KnownLabels(CampaignState state, IReadOnlyList<int> molecules, IReadOnlyList<int>? rungs = null) =>
        [.. (rungs ?? _levels).SkipLast(1).Select(r => (IReadOnlyList<double>?)[.. molecules.Select(m => state.Labels[r][m])])];

    /// <summary>
    /// The top level's mean and variance at <paramref name="molecules"/>, every cheaper label known there taken into
    /// account. Where <paramref name="withinFormula"/> allows it, a molecule with an element some level's per-element
    /// offsets have not seen is predicted without that element's offsets: the mean is then off by a constant shared by
    /// every isomer of its formula, right for comparisons within the formula but not an absolute value, which
    /// <c>Absolute</c> says (false). Otherwise such a molecule cannot be predicted.
    /// </summary>
    /// <param name="rungs">The rungs the model was fitted on (<see cref="Fit"/>'s), by default the surrogate's levels.</param>
    public (double[] Mean, double[] Variance, bool[] Absolute) Predict(MultiFidelityModel model, CampaignState state, IReadOnlyList<int> molecules,
        IReadOnlyList<int>? rungs = null, bool withinFormula = false)
    {
        var inputs = Pool.Subset(molecules);
        var absolute = new bool[molecules.Count];
        Array.Fill(absolute, true);
        if (withinFormula)
        {
            var offsets = model.Levels.Select(l => l.Offsets).Where(o => o.IsFitted).ToList();
            var compositions = inputs.Compositions.ToArray();
            for (int k = 0; k < compositions.Length; k++)
            {
                if (offsets.All(o => o.Problem(compositions[k]) is null))
                    continue;
                absolute[k] = false;
                compositions[k] = new Composition(compositions[k].Counts
                    .Where(c => offsets.All(o => o.PerAtom.ContainsKey(c.Key))).SelectMany(c => Enumerable.Repeat(c.Key, c.Value)));
            }
            inputs = new MoleculeInputs(inputs.Features, compositions);
        }
        var levels = model.PredictByLevel(inputs, KnownLabels(state, molecules, rungs));
        return (levels.Mean, levels.Variance, absolute);
    }
}
