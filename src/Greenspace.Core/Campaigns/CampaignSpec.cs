using System.Collections.Immutable;
using Greenspace.Learning.Models;
using Greenspace.Records;

namespace Greenspace.Campaigns;

/// <summary>
/// A campaign as its user wrote it (YAML, read by CampaignSpecReader): which molecules, what is sought,
/// the ladder of fidelities that can label them, and what may be spent. Reproducible from <see cref="Seed"/>: the same
/// spec and the same store give the same decisions.
/// </summary>
public sealed record CampaignSpec
{
    public required string Name { get; init; }

    /// <summary>Seeds every random choice (the cold start's diverse pick, Thompson samples, random search).</summary>
    public int Seed { get; init; } = 1;

    public required LibrarySpec Library { get; init; }
    public required ObjectiveSpec Objective { get; init; }

    /// <summary>Cheapest first; the objective names one of them (usually the last) as its target fidelity.</summary>
    public required ImmutableArray<RungSpec> Rungs { get; init; }

    public required BudgetSpec Budget { get; init; }

    /// <summary>Calculations chosen before the surrogate is refitted (a synchronous batch).</summary>
    public int BatchSize { get; init; } = 10;

    public AcquisitionSpec Acquisition { get; init; } = new();
    public StartSpec Start { get; init; } = new();
    public SurrogateSpec Surrogate { get; init; } = new();

    /// <summary>Where the report goes (written relative to the spec file; the reader makes it absolute); null: a folder named after the campaign beside the store.</summary>
    public string? Output { get; init; }

    /// <summary>The folder relative paths in the spec are read from (the spec file's folder).</summary>
    public string BaseDirectory { get; init; } = ".";

    /// <summary>The rung the objective is measured at.</summary>
    public int TargetRung => Rungs.Select((r, i) => (r, i)).Single(p => p.r.Name == Objective.Rung).i;
}

/// <summary>The molecules a campaign may label, and which of them are valid for it.</summary>
/// <param name="Path">A SMILES file (.smi, .csv with a smiles column), SDF, XYZ or extended XYZ file, written relative to the spec; the reader makes it absolute.</param>
/// <param name="Bundled">A data set shipped with Greenspace instead of a path: "qm7" or "qm9-subset".</param>
public sealed record LibrarySpec(string? Path, string? Bundled)
{
    /// <summary>Elements a molecule may contain; empty allows any element every rung's method supports.</summary>
    public ImmutableArray<string> Elements { get; init; } = [];

    /// <summary>Total charges allowed; neutral molecules only by default.</summary>
    public ImmutableArray<int> Charges { get; init; } = [0];

    /// <summary>Molecules with more atoms (hydrogens included) are left out; null: no limit.</summary>
    public int? MaxAtoms { get; init; }

    /// <summary>Only molecules whose formula has at least this many valid isomers in the library (for objectives within formulas); null: all.</summary>
    public int? MinIsomers { get; init; }

    /// <summary>The first N valid molecules only (a quick run); null: all.</summary>
    public int? Limit { get; init; }
}

/// <summary>What is sought.</summary>
public enum ObjectiveGoal
{
    Minimise,
    Maximise,

    /// <summary>A value inside [<see cref="ObjectiveSpec.Low"/>, <see cref="ObjectiveSpec.High"/>].</summary>
    Window,

    /// <summary>A model of the property reaching <see cref="ObjectiveSpec.TargetMae"/> on held-out molecules.</summary>
    Learn,
}

/// <summary>Group molecules so that the objective holds within each group (e.g. the most stable isomer of each formula).</summary>
public enum ObjectiveGrouping
{
    None,
    Formula,
}

/// <summary>What each molecule's value is compared with.</summary>
public enum ObjectiveReference
{
    /// <summary>The value itself.</summary>
    None,

    /// <summary>
    /// The value minus the mean of its group's values (e.g. an isomer's energy relative to the mean of its formula's
    /// isomers), which puts groups of different sizes on one scale.
    /// </summary>
    GroupMean,
}

/// <param name="Rung">The rung whose property is the objective (the target fidelity).</param>
public sealed record ObjectiveSpec(string Rung, ObjectiveGoal Goal)
{
    public ObjectiveGrouping GroupBy { get; init; } = ObjectiveGrouping.None;

    /// <summary>Minimise or maximise the value relative to this reference (needs <see cref="GroupBy"/> for a group mean).</summary>
    public ObjectiveReference RelativeTo { get; init; } = ObjectiveReference.None;

    /// <summary>
    /// Seek the best fraction of the whole library (by the value, or the value relative to its group) instead of the
    /// best of each group (of the library without groups): e.g. 0.01, the 1 % most stable relative to their formula's mean.
    /// </summary>
    public double? TopFraction { get; init; }

    /// <summary>How many molecules a fraction-of-the-library objective seeks: the fraction of <paramref name="libraryCount"/>, rounded down, at least one.</summary>
    public int SoughtCount(int libraryCount) => Math.Max(1, (int)Math.Floor(TopFraction!.Value * libraryCount + 1e-9));
    public double? Low { get; init; }
    public double? High { get; init; }

    /// <summary>For <see cref="ObjectiveGoal.Learn"/>: the mean absolute error to reach, in the property's unit.</summary>
    public double? TargetMae { get; init; }

    /// <summary>
    /// For <see cref="ObjectiveGoal.Learn"/>: keep acquiring until the budget is spent, instead of stopping once the
    /// surrogate's estimated error (<see cref="LearnErrorEstimate"/>) reaches <see cref="TargetMae"/> (benchmarks that draw the whole curve).
    /// </summary>
    public bool RunToBudget { get; init; }

    /// <summary>
    /// For <see cref="ObjectiveGoal.Minimise"/> and <see cref="ObjectiveGoal.Maximise"/>: stop once the surrogate expects
    /// at least this share of the sought molecules (each group's best, the sought fraction, or the library's best) to be
    /// labelled at the target rung already (<see cref="AcquisitionPolicy.ExpectedRecall"/>); null runs to the budget.
    /// </summary>
    public double? ExpectedRecall { get; init; }

    /// <summary>How many molecules the objective seeks in a library of <paramref name="libraryCount"/> in <paramref name="groups"/> groups.</summary>
    public int Sought(int libraryCount, int groups) => TopFraction is not null ? SoughtCount(libraryCount) : GroupBy == ObjectiveGrouping.None ? 1 : groups;

    /// <summary>For <see cref="ObjectiveGoal.Learn"/>: a file of library indices (one per line) held out for measuring the error, never acquired.</summary>
    public string? TestIndices { get; init; }

    /// <summary>How many candidates the report lists.</summary>
    public int Top { get; init; } = 10;

    /// <summary>
    /// Whether values are only ever compared within a formula (each group's best, or each value against its group's
    /// mean): isomers share their composition, so a per-element part of the property, unknown for an element no target
    /// label has shown yet, cancels and need not be learnt first.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool ComparesWithinFormula => GroupBy == ObjectiveGrouping.Formula && Goal is ObjectiveGoal.Minimise or ObjectiveGoal.Maximise;

    /// <summary>The target rung's place in <paramref name="rungs"/>, or 0 when it names none.</summary>
    public int RungIndex(IReadOnlyList<RungSpec> rungs) => Math.Max(0, rungs.Select(r => r.Name).ToList().IndexOf(Rung));
}

/// <summary>The quantity a rung gives for each molecule, in the unit the surrogate learns it in.</summary>
public enum RungProperty
{
    /// <summary>Total electronic energy, kcal/mol (from Hartree); zero at separated electrons and nuclei.</summary>
    Energy,

    /// <summary>HOMO-LUMO gap, eV (from Hartree).</summary>
    Gap,

    /// <summary>Heat of formation, kcal/mol (MOPAC).</summary>
    HeatOfFormation,

    /// <summary>Atomization energy, kcal/mol: only from a replayed data set that holds it (QM7).</summary>
    AtomizationEnergy,
}

/// <summary>
/// One level of the ladder: an engine, method and basis, the property read from its result, and the geometry it runs
/// at. A rung with <see cref="Replay"/> takes its labels from a data set instead of running (benchmarks only).
/// </summary>
/// <param name="Geometry">"input" (the library's geometry) or the name of a cheaper optimisation rung whose final geometry this rung uses.</param>
public sealed record RungSpec(string Name, string Program, string Method, string? Basis, Driver Driver, RungProperty Property, string Geometry)
{
    public ImmutableSortedDictionary<string, string> Keywords { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>A data set column the labels are looked up in, e.g. "qm7:pbe0"; null for a rung that runs its engine.</summary>
    public string? Replay { get; init; }

    /// <summary>The CPU seconds one calculation is expected to take before any has run (later predictions come from measured ones).</summary>
    public double? ExpectedCpuSeconds { get; init; }

    public bool UsesInputGeometry => Geometry == "input";
}

/// <summary>What a campaign may spend; it stops at the first limit reached, and never starts a batch beyond one.</summary>
public sealed record BudgetSpec
{
    public double? Kwh { get; init; }
    public double? GramsCo2e { get; init; }
    public TimeSpan? Wall { get; init; }

    /// <summary>Calculations at any rung (store answers of this campaign included, replayed labels included).</summary>
    public int? Calculations { get; init; }
}

public enum AcquisitionFunction
{
    ExpectedImprovement,
    UpperConfidenceBound,
    Thompson,

    /// <summary>
    /// The probability that the molecule is the best of its group (or of the library) and beats every label found
    /// there so far, estimated by sampling the posterior: the expected gain in recall of a "find the best of each
    /// group" objective, where expected improvement also rewards the size of a gain.
    /// </summary>
    ProbabilityOfBest,

    /// <summary>The best predicted mean, no uncertainty (a greedy baseline).</summary>
    Greedy,

    /// <summary>A uniformly random molecule (a baseline).</summary>
    Random,
}

/// <summary>How the next (molecule, rung) pairs are chosen.</summary>
public sealed record AcquisitionSpec
{
    public AcquisitionFunction Function { get; init; } = AcquisitionFunction.ExpectedImprovement;

    /// <summary>UCB's weight on sigma.</summary>
    public double Kappa { get; init; } = 2;

    /// <summary>Expected improvement's margin, in the property's unit.</summary>
    public double Xi { get; init; } = 0;

    /// <summary>
    /// Posterior samples that estimate each candidate's probability of being sought (pmin, expected recall), drawn once
    /// per batch; null for the default, <see cref="SampleCount"/> (a default of null keeps earlier campaigns' identity).
    /// </summary>
    public int? Samples { get; init; }

    /// <summary>The posterior samples drawn: <see cref="Samples"/>, or 256.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int SampleCount => Samples ?? 256;

    /// <summary>
    /// Divide each molecule's acquisition value by the predicted kWh of acquiring it at the target (its cheaper rungs
    /// included), so that of two equally promising molecules the cheaper one goes first: value per kWh, for objectives
    /// scored per kWh (recall versus energy). With a probability of being sought (pmin) it is the expected number of
    /// sought molecules found per kWh. Off by default; the cost-blind variant and the greedy baseline ignore it.
    /// </summary>
    public bool PerKwh { get; init; }

    /// <summary>Choose the rung by variance reduction per predicted kWh (the reference policy); false: every rung costs the same (cost-blind).</summary>
    public bool CostAware { get; init; } = true;

    /// <summary>Only the target rung is ever acquired (single-fidelity).</summary>
    public bool TargetRungOnly { get; init; }

    /// <summary>
    /// A fixed hierarchy instead of the loop: the cheapest rung on every molecule, then for each dearer rung in turn
    /// the fraction <c>Funnel[k]</c> of the library with the best predicted value (from a surrogate of the rungs below;
    /// within each group where the objective has groups) goes up to it, plus <see cref="FunnelUncertain"/> of the
    /// library with the largest predicted sigma. Empty: the reference policy.
    /// </summary>
    public ImmutableArray<double> Funnel { get; init; } = [];

    /// <summary>The fraction of the library promoted at each funnel stage for its uncertainty alone (the sigma gate).</summary>
    public double FunnelUncertain { get; init; }

    public bool IsFunnel => !Funnel.IsDefaultOrEmpty;
}

/// <summary>How the campaign begins.</summary>
public sealed record StartSpec
{
    /// <summary>Molecules picked for diversity (farthest points in the representation) and labelled at the target rung first.</summary>
    public int Diverse { get; init; } = 10;

    /// <summary>Take whatever the store already holds for these molecules at any rung (not charged: reported as reused). Variants run for comparison never start warm.</summary>
    public bool Warm { get; init; } = true;

    /// <summary>Compute the cheapest rung for every valid molecule before the loop (it is usually 1/1000 of the cost of the top rung).</summary>
    public bool CheapestEverywhere { get; init; }
}

public enum SurrogateRepresentation
{
    CoulombMatrix,
    BagOfBonds,
    Slatm,
}

/// <summary>The surrogate: recursive co-kriging over the rungs on one representation with a Laplacian kernel.</summary>
public sealed record SurrogateSpec
{
    public SurrogateRepresentation Representation { get; init; } = SurrogateRepresentation.BagOfBonds;

    /// <summary>Kernel widths tried by cross-validation, as multiples of the library's median distance.</summary>
    public ImmutableArray<double> WidthsOverMedian { get; init; } = [1, 3.16, 10, 31.6, 100];

    public ImmutableArray<double> Lambdas { get; init; } = [1e-8, 1e-5, 1e-2];

    /// <summary>
    /// The co-kriging factor on each cheaper rung, given (1: Delta-learning on the rung below); null to estimate it at
    /// every refit (generalised or ordinary least squares, or 1, whichever cross-validates best, one standard error in
    /// favour of 1). A default of null keeps earlier campaigns' identity.
    /// </summary>
    public double? Rho { get; init; }

    /// <summary>How each refit chooses kernel width and lambda; null for the default, 5-fold cross-validation (a default of null keeps earlier campaigns' identity).</summary>
    public SurrogateValidation? Validation { get; init; }

    /// <summary>
    /// How each dearer level's signal variance (the scale of its uncertainty) is estimated; null for the default,
    /// maximum likelihood (a default of null keeps earlier campaigns' identity).
    /// </summary>
    public SignalVarianceEstimate? Variance { get; init; }
}

/// <summary>How the surrogate's hyperparameters are cross-validated inside its training set.</summary>
public enum SurrogateValidation
{
    /// <summary>5 folds, shuffled with the campaign's seed.</summary>
    FiveFold,

    /// <summary>Leave-one-out in closed form: no random folds.</summary>
    LeaveOneOut,
}
