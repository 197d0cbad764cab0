using System.Collections.Immutable;
using System.Numerics.Tensors;
using Greenspace.Learning.Kernels;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Models;

/// <summary>
/// A multi-fidelity model's variances at a set of candidate molecules while a synchronous batch of acquisitions is
/// chosen. Each <see cref="Add"/> fantasises one acquisition (a candidate at a rung, hence at every cheaper level too)
/// and updates every candidate's variances as a refit with that molecule in those training sets would, without its
/// labels: a Gaussian process's posterior variance does not depend on the labels once its hyperparameters and signal
/// variance s^2 are fixed, and here they are held fixed, with the rho factors. Greedy batch selection can then spread
/// a batch over the candidates instead of spending it on one region.
/// </summary>
/// <remarks>
/// <para>Level l's posterior covariance between candidates z and z' is s_l^2 c(z, z'), with
/// c(z, z') = k(z, z') - v_z · v_z' and v_z = L⁻¹k(X, z) (L the Cholesky factor of K + λI), computed once per level.
/// A fantasised observation at x, with the noise variance s^2 λ of every label, subtracts c(z, x) c(x, z') / (c(x, x) + λ);
/// after fantasies x_1..x_J the covariance with the next one is c(z, x) - Σ_j c_j(z) c_j(x) / d_j, where c_j and d_j are
/// the column and denominator fantasy j used (a sequential Cholesky factor of the fantasies). An Add thus costs one
/// product of the whitened candidates (candidates x training) with a vector, and one kernel column, per level.</para>
/// <para>Variances are of a new observation, as <see cref="KernelRidgeModel.Predict"/> and
/// <see cref="MultiFidelityModel.Predict"/> report them: s^2 (c(z, z) + λ). A fantasised molecule is left with
/// s^2 λ (1 + c/(c + λ)) at each level it was added to, between one and two noise variances; its labels at those
/// levels are pending, so, like known labels, they take those levels out of its <see cref="Contribution"/>s.</para>
/// <para>Not thread-safe. Memory: one candidates x training matrix of float64 per level (7,000 x 3,000: 168 MB).</para>
/// </remarks>
public sealed class FantasyBatch
{
    /// <summary>One level's Gaussian process at the candidates, as the fantasies so far left it.</summary>
    private sealed class LevelState(KernelRidgeModel gp, Matrix whitened, double[] latent, bool[] inTraining)
    {
        public KernelRidgeModel Gp { get; } = gp;

        /// <summary>Row z: v_z = L⁻¹k(X, z).</summary>
        public Matrix Whitened { get; } = whitened;

        /// <summary>c(z, z), the posterior variance over s^2 without the noise.</summary>
        public double[] Latent { get; } = latent;

        /// <summary>Whether the candidate is in this level's training set, or fantasised there.</summary>
        public bool[] InTraining { get; } = inTraining;

        public List<(double[] Column, double Denominator)> Fantasies { get; } = [];
    }

    private readonly FeatureSet _features;
    // A level no candidate needs (every candidate's label is known there) is started only if asked for: with the
    // cheapest rung computed everywhere, that skips its candidates x training cross kernel, the largest of all.
    private readonly MultiFidelityModel _model;
    private readonly LevelState?[] _levels;
    private readonly List<int>[] _deferred;
    private readonly double[] _weights;
    private readonly int[] _knownThrough;
    private readonly List<(int Candidate, int Rung)> _added = [];

    /// <summary>
    /// The model's variances at <paramref name="candidates"/> (indices into <see cref="MultiFidelityModel.Pool"/>,
    /// distinct), where <paramref name="known"/>[l], when given, holds level l's labels already computed at the
    /// candidates (NaN where not), as <see cref="MultiFidelityModel.Predict"/> reads them; a label known at the
    /// dearest level leaves a candidate no variance. Only whether a label is known matters here, not its value.
    /// </summary>
    /// <exception cref="LearningInputException">for candidates outside the pool or given twice, or known labels of the wrong count.</exception>
    public FantasyBatch(MultiFidelityModel model, IReadOnlyList<int> candidates, IReadOnlyList<IReadOnlyList<double>?>? known = null)
    {
        Candidates = [.. candidates];
        var seen = new HashSet<int>();
        foreach (int m in Candidates)
        {
            if (m < 0 || m >= model.Pool.Count)
                throw new LearningInputException($"candidate {m} lies outside the model's pool of {model.Pool.Count} molecules; give candidates as pool indices");
            if (!seen.Add(m))
                throw new LearningInputException($"molecule {m} is given twice as a candidate; give each candidate once");
        }
        known ??= [];
        if (known.Count > model.Levels.Length)
            throw new LearningInputException($"known labels were given for {known.Count} levels, but the model has {model.Levels.Length}");
        for (int l = 0; l < known.Count; l++)
            if (known[l] is { } given && given.Count != Count)
                throw new LearningInputException($"{given.Count} known {model.Levels[l].Fidelity} labels were given for {Count} candidates; give one per candidate, NaN where not computed");

        _knownThrough = new int[Count];
        for (int i = 0; i < Count; i++)
        {
            _knownThrough[i] = -1;
            for (int l = known.Count - 1; l >= 0 && _knownThrough[i] < 0; l--)
                if (known[l] is { } given && double.IsFinite(given[i]))
                    _knownThrough[i] = l;
        }

        _features = model.Pool.Features.Subset(Candidates);
        int top = model.Levels.Length - 1;
        _weights = [.. Enumerable.Range(0, model.Levels.Length).Select(l => model.PropagationWeight(l, top))];
        _model = model;
        _levels = new LevelState?[model.Levels.Length];
        _deferred = [.. model.Levels.Select(_ => new List<int>())];
        for (int l = 0; l < _levels.Length; l++)
            if (_knownThrough.Any(k => k < l))
                _levels[l] = Start(model.Levels[l]);
    }

    /// <summary>The candidates' indices in the model's pool; candidates are numbered by their place here.</summary>
    public ImmutableArray<int> Candidates { get; }

    public int Count => Candidates.Length;
    public int LevelCount => _levels.Length;

    /// <summary>The acquisitions fantasised so far, in order: candidate (place in <see cref="Candidates"/>) and rung.</summary>
    public IReadOnlyList<(int Candidate, int Rung)> Added => _added;

    /// <summary>The factor on level <paramref name="level"/>'s variance in the dearest level's: the product of rho_k^2 above it.</summary>
    public double Weight(int level) => _weights[CheckLevel(level)];

    /// <summary>
    /// The dearest level whose label is known at <paramref name="candidate"/>, or pending because an acquisition there
    /// was added to the batch; -1 for none.
    /// </summary>
    public int KnownThrough(int candidate) => _knownThrough[CheckCandidate(candidate)];

    /// <summary>
    /// Level <paramref name="level"/>'s own variance of a new observation at <paramref name="candidate"/>,
    /// s^2 (c(z, z) + λ), with every fantasy so far (labels' units squared), whether or not a known label makes it irrelevant.
    /// </summary>
    public double LevelVariance(int level, int candidate)
    {
        var state = Level(CheckLevel(level));
        return state.Gp.SignalVariance * Math.Max(0, state.Latent[CheckCandidate(candidate)] + state.Gp.Hyperparameters.Lambda);
    }

    /// <summary>
    /// What level <paramref name="level"/> adds to the dearest level's variance at <paramref name="candidate"/>:
    /// <see cref="Weight"/> times <see cref="LevelVariance"/>, or zero at and below a known or pending label.
    /// </summary>
    public double Contribution(int level, int candidate) =>
        level <= KnownThrough(candidate) ? 0 : Weight(level) * LevelVariance(level, candidate);

    /// <summary>The dearest level's variance at <paramref name="candidate"/> now, with every fantasy so far.</summary>
    public double Variance(int candidate) => VarianceAfter(candidate, -1);

    /// <summary>
    /// The dearest level's variance at <paramref name="candidate"/> once its labels at levels 0..<paramref name="rung"/>
    /// are known (-1 for none): the sum of the contributions above the rung.
    /// </summary>
    public double VarianceAfter(int candidate, int rung)
    {
        double sum = 0;
        for (int l = Math.Max(rung + 1, 0); l < LevelCount; l++)
            sum += Contribution(l, candidate);
        return sum;
    }

    /// <summary>
    /// Fantasises acquiring <paramref name="candidate"/> at rung <paramref name="rung"/>: at every level up to the rung
    /// where it is not yet in the training set (nor fantasised), every candidate's variance is conditioned on an
    /// observation there; its labels at those levels are then pending.
    /// </summary>
    public void Add(int candidate, int rung)
    {
        CheckCandidate(candidate);
        CheckLevel(rung);
        for (int l = 0; l <= rung; l++)
        {
            if (_levels[l] is not { } state)
                _deferred[l].Add(candidate);
            else if (!state.InTraining[candidate])
                Condition(state, candidate);
        }
        _knownThrough[candidate] = Math.Max(_knownThrough[candidate], rung);
        _added.Add((candidate, rung));
    }

    /// <summary>A level's state, started now (with the fantasies added while it was deferred) if it was not needed before.</summary>
    private LevelState Level(int l)
    {
        if (_levels[l] is { } state)
            return state;
        state = Start(_model.Levels[l]);
        foreach (int x in _deferred[l])
            if (!state.InTraining[x])
                Condition(state, x);
        _deferred[l].Clear();
        return _levels[l] = state;
    }

    private LevelState Start(MultiFidelityModel.Level level)
    {
        var gp = level.Gp;
        var whitened = gp.WhitenedCrossKernel(_features);
        var latent = _features.SelfKernel(gp.Hyperparameters.Kernel);
        for (int i = 0; i < Count; i++)
        {
            var v = whitened.Row(i);
            latent[i] -= TensorPrimitives.Dot<double>(v, v);
        }
        var training = level.Molecules.ToHashSet();
        return new LevelState(gp, whitened, latent, [.. Candidates.Select(training.Contains)]);
    }

    /// <summary>Conditions the level on a noisy observation at candidate x (a rank-one update of the posterior covariance).</summary>
    private void Condition(LevelState state, int x)
    {
        // c(z, x) = k(z, x) - v_z · v_x - Σ_j c_j(z) c_j(x) / d_j
        var column = KernelMatrix.Between(state.Gp.Hyperparameters.Kernel, _features, _features.Subset([x])).AsSpan().ToArray();
        var explained = new double[Count];
        Blas.Multiply(state.Whitened, state.Whitened.Row(x), explained);
        TensorPrimitives.Subtract(column, explained, column);
        foreach (var (earlier, denominator) in state.Fantasies)
            TensorPrimitives.MultiplyAdd(earlier, -earlier[x] / denominator, column, column);

        state.InTraining[x] = true;
        double d = Math.Max(column[x], 0) + state.Gp.Hyperparameters.Lambda;
        if (!(d > 0))
            return; // λ = 0 at a point the training set already pins down: an observation there tells nothing more
        for (int z = 0; z < Count; z++)
            state.Latent[z] -= column[z] * column[z] / d;
        state.Fantasies.Add((column, d));
    }

    private int CheckLevel(int level) => level >= 0 && level < _levels.Length ? level
        : throw new ArgumentOutOfRangeException(nameof(level), $"the model has fidelity levels 0 to {_levels.Length - 1}, not {level}");

    private int CheckCandidate(int candidate) => candidate >= 0 && candidate < Count ? candidate
        : throw new ArgumentOutOfRangeException(nameof(candidate), $"candidates are numbered 0 to {Count - 1} (places in Candidates, not pool indices), not {candidate}");
}
