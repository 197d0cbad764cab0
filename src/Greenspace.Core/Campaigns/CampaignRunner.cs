using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Greenspace.Chemistry;
using Greenspace.Execution;
using Greenspace.Ledger;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Campaigns;

/// <summary>Where a campaign run stopped, and everything needed to report on it.</summary>
public sealed record CampaignRun(StoredCampaign Campaign, string StopReason, CampaignState State, CampaignLibrary Library, Ladder Ladder,
    CampaignSurrogate Surrogate, RungCosts Costs, ReplayOracle? Oracle);

/// <summary>What a campaign needs from its surroundings: the store, engines, the machine and, optionally, a run ledger and a live display.</summary>
public sealed record CampaignServices(ResultStore Store, ComputeService Compute, ComputeService StoreOnly, MoleculeInputs Inputs, MachineProfile Machine,
    int EngineThreads, RunLedger? Ledger = null, ICampaignProgress? Progress = null);

/// <summary>
/// Runs a campaign to a stopping rule in synchronous batches: fit the surrogate on what is known, choose the next
/// (molecule, rung) pairs, record the decisions, run them, record each outcome as it finishes. Every decision and
/// outcome lives in the store, so a run that is killed at any moment resumes where it stopped: a finished calculation
/// is never repeated (the store answers it, and it is charged its recorded cost once), a decided batch is finished
/// before the next is decided, and later decisions follow from the same labels and seed.
/// </summary>
public sealed class CampaignRunner(CampaignSpec spec, string specText, CampaignServices services, CampaignVariant variant = CampaignVariant.Reference)
{
    private readonly CalculationFootprintModel _footprint = new(GreenAlgorithmsTables.Default);
    private readonly ConcurrentDictionary<(int Molecule, int Rung), Molecule?> _geometries = new();
    private readonly Lock _gate = new();

    /// <summary>
    /// A spec's identity: its content without the budget and the output folder, so a campaign given more budget
    /// resumes. Values at their type's default (0, false, null, an empty list) are left out, so a setting added to the
    /// spec later with such a default leaves the identity of every earlier campaign as it was.
    /// </summary>
    public static string SpecHash(CampaignSpec spec)
    {
        var identity = spec with { Budget = new BudgetSpec(), Output = null, BaseDirectory = "" };
        var json = JsonSerializer.Serialize(identity, IdentityJson);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    private static readonly JsonSerializerOptions IdentityJson = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties)
                        property.ShouldSerialize = (_, value) => !IsDefault(value);
                },
            },
        },
    };

    private static bool IsDefault(object? value) => value switch
    {
        null => true,
        string => false,
        System.Collections.Immutable.ImmutableArray<double> { IsDefaultOrEmpty: true } => true,
        System.Collections.Immutable.ImmutableArray<string> { IsDefaultOrEmpty: true } => true,
        System.Collections.Immutable.ImmutableArray<int> { IsDefaultOrEmpty: true } => true,
        System.Collections.IEnumerable list => !list.GetEnumerator().MoveNext(),
        bool b => !b,
        int i => i == 0,
        double d => d == 0,
        _ => value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType())),
    };

    public static string VariantName(CampaignVariant variant) => variant switch
    {
        CampaignVariant.CostBlind => "cost-blind",
        CampaignVariant.SingleFidelity => "single-fidelity",
        _ => variant.ToString().ToLowerInvariant(),
    };

    /// <summary>The campaign as the store holds it, without running anything (for a report while it runs elsewhere, or after).</summary>
    /// <exception cref="CampaignInputException">when this spec and variant have never run against the store.</exception>
    public async Task<CampaignRun> ReadAsync(CancellationToken cancellationToken = default)
    {
        var existing = services.Store.Campaigns(spec.Name).FirstOrDefault(c => c.SpecHash == SpecHash(spec) && c.Variant == VariantName(variant))
            ?? throw new CampaignInputException($"campaign '{spec.Name}' ({VariantName(variant)}) has not run against the store {services.Store.Path}; run it with greenspace campaign run first");
        var (library, ladder, oracle, costs, surrogate, _, state, _) = await PrepareAsync(existing, cancellationToken);
        string status = existing.Finished ? existing.StopReason ?? "finished" : "not finished (running, or stopped before a stopping rule held)";
        return new CampaignRun(existing, status, state, library, ladder, surrogate, costs, oracle);
    }

    private async Task<(CampaignLibrary, Ladder, ReplayOracle?, RungCosts, CampaignSurrogate, ComputeCost, CampaignState, AcquisitionPolicy)> PrepareAsync(
        StoredCampaign? campaign, CancellationToken cancellationToken)
    {
        services.Progress?.Phase("reading the library");
        CampaignLibrary library;
        try
        {
            library = await CampaignLibrary.LoadAsync(spec, services.Inputs, null, cancellationToken);
        }
        finally
        {
            // Open Babel's identification and 3D embedding of SMILES the store did not hold yet.
            foreach (var cost in services.Inputs.TakeCosts())
                services.Ledger?.ChargeSmiles(cost);
        }
        var ladder = new Ladder(spec);
        var oracle = library.Qm7 is { } qm7 && spec.Rungs.Any(r => r.Replay is not null) ? new ReplayOracle(qm7) : null;
        if (spec.Rungs.Any(r => r.Replay is not null) && oracle is null)
            throw new CampaignInputException($"campaign '{spec.Name}' replays labels from QM7, so its library must be the bundled qm7");
        var costs = new RungCosts(ladder, library, oracle, _footprint, services.Machine);

        services.Progress?.Phase($"featurising {library.Molecules.Length:N0} molecules ({spec.Surrogate.Representation})");
        var featurising = InProcessWork.Start();
        var surrogate = new CampaignSurrogate(spec.Surrogate, library, ladder, variant.LearnsTargetOnly(), spec.Seed);
        var featurisation = featurising.Stop("featurisation");

        var batches = campaign is null ? [] : services.Store.CampaignBatches(campaign.Id);
        var state = CampaignState.Load(library, ladder.Count, batches);
        foreach (var step in batches.SelectMany(b => b.Steps))
            if (step.Outcome is { Succeeded: true } && spec.Rungs[step.Plan.Rung].Replay is null)
                costs.Observe(step.Plan.Rung, state.PositionOf(step.Plan.Molecule), step.Outcome.CpuSeconds);
        var policy = new AcquisitionPolicy(spec, ladder, surrogate, costs, variant, HeldOut(library));
        return (library, ladder, oracle, costs, surrogate, featurisation, state, policy);
    }


    public async Task<CampaignRun> RunAsync(CancellationToken cancellationToken = default)
    {
        var store = services.Store;
        var campaign = store.OpenCampaign(spec.Name, VariantName(variant), SpecHash(spec), specText, spec.Seed);
        var (library, ladder, oracle, costs, surrogate, pendingMlCost, state, policy) = await PrepareAsync(campaign, cancellationToken);

        // A batch cut short (a crash, a kill) is finished first; its finished calculations are store answers now.
        if (state.Unfinished.Count > 0)
        {
            services.Progress?.Phase($"finishing batch {state.Unfinished[0].Batch}: {state.Unfinished.Count} steps left from an earlier run");
            await ExecuteAsync(campaign.Id, state.Unfinished[0].Batch, [.. state.Unfinished.Select(s => s.Plan)], ladder, state, costs, oracle, library, cancellationToken);
            state.Unfinished.Clear();
        }
        // A variant is run to be compared with the reference under the same budget: it must pay for every label it
        // uses, so it never starts warm from what the reference (or anything else) left in the store.
        if (spec.Start.Warm && variant == CampaignVariant.Reference)
            await WarmStartAsync(ladder, state, library, cancellationToken);

        string? stopReason = null;
        while ((stopReason = StopReason(state, policy, campaign)) is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int batch = state.NextBatch;
            var deciding = InProcessWork.Start();
            string? modelText = null;
            // The start (the cheapest rung everywhere, element cover, a diverse pick); a campaign that has nothing to start
            // with (a single-fidelity one comparing within formulas, without a diverse pick) acquires from its first batch.
            var steps = batch == 0 ? StartBatch(policy, state, library) : [];
            bool started = batch == 0 && (steps.Count > 0 || spec.Acquisition.IsFunnel);
            if (!started && spec.Acquisition.IsFunnel)
            {
                if (batch > ladder.Target)
                {
                    stopReason = "the funnel's last stage is done";
                    break;
                }
                services.Progress?.Phase($"funnel stage {batch}: fitting the surrogate of the rungs below {ladder.Rungs[batch].Name}");
                modelText = $"funnel stage {batch}: the best {spec.Acquisition.Funnel[batch - 1]:P1} by a surrogate of the rungs below, and {spec.Acquisition.FunnelUncertain:P1} of the library by its uncertainty, go up to {ladder.Rungs[batch].Name}";
                steps = Expand(policy.FunnelStage(state, batch), policy, state);
            }
            else if (!started)
            {
                services.Progress?.Phase($"batch {batch}: fitting the surrogate and choosing");
                var model = surrogate.Fit(state);
                modelText = model?.Describe() ?? (policy.RanksByCheaperRungs(state)
                    ? "no model of the target yet (fewer than two labels): molecules ranked by the cheaper rungs' surrogate, as a funnel would"
                    : "no model yet (a level has fewer than two labels): molecules chosen for diversity");
                if (model is not null && (LearntEnough(surrogate, model, state, campaign) ?? FoundEnough(policy, model, state, batch)) is { } enough)
                {
                    stopReason = enough;
                    break;
                }
                var picks = policy.Choose(model, state, spec.BatchSize, BatchRandom(batch, Stream.Choice));
                steps = Expand(picks, policy, state);
            }
            steps = Trim(steps, state);
            if (steps.Count == 0)
            {
                stopReason = "nothing left to acquire within the budget";
                break;
            }
            var cost = deciding.Stop($"campaign batch {batch}");
            cost = cost with { CpuSeconds = cost.CpuSeconds + pendingMlCost.CpuSeconds, WallSeconds = cost.WallSeconds + pendingMlCost.WallSeconds };
            pendingMlCost = ComputeCost.None;
            var footprint = costs.InProcessFootprint(cost);
            var batchCost = new CampaignBatchCost(modelText, cost.CpuSeconds, cost.WallSeconds, footprint.EnergyKwh, footprint.OperationalCarbonGco2e);
            store.SaveBatch(campaign.Id, batch, batchCost, steps);
            services.Ledger?.ChargeInProcess(LedgerEntryKind.Training, $"campaign {spec.Name} batch {batch}: featurise, fit and choose", "co-kriging", cost);
            state.AddBatch(batch, batchCost);
            services.Progress?.BatchDecided(batch, steps.Count, modelText);
            await ExecuteAsync(campaign.Id, batch, steps, ladder, state, costs, oracle, library, cancellationToken);
        }
        store.FinishCampaign(campaign.Id, stopReason);
        return new CampaignRun(store.Campaigns(spec.Name).First(c => c.Id == campaign.Id), stopReason, state, library, ladder, surrogate, costs, oracle);
    }

    /// <summary>Library positions held out for measuring a learnt model's error (never acquired).</summary>
    private HashSet<int> HeldOut(CampaignLibrary library)
    {
        if (spec.Objective.TestIndices is not { } file)
            return [];
        var position = library.Molecules.Select((m, p) => (m.Index, p)).ToDictionary(x => x.Index, x => x.p);
        return [.. File.ReadLines(Path.Combine(spec.BaseDirectory, file))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture))
            .Where(position.ContainsKey).Select(i => position[i])];
    }

    /// <summary>For a learn objective: why the surrogate has learnt enough (its estimated error at the target), or null.</summary>
    private string? LearntEnough(CampaignSurrogate surrogate, Learning.Models.MultiFidelityModel model, CampaignState state, StoredCampaign campaign)
    {
        var objective = spec.Objective;
        if (objective.Goal != ObjectiveGoal.Learn || objective.RunToBudget || objective.TargetMae is not { } target)
            return null;
        var estimate = LearnErrorEstimate.Of(surrogate, model, state, services.Store.CampaignBatches(campaign.Id), spec.TargetRung);
        return estimate is { } e && e.Mae <= target
            ? $"learnt: the surrogate's estimated mean absolute error over the {e.Molecules:N0} molecules without a target label is {e.Mae:G3}, at or below the target {target:G3} (its sigmas scaled by {e.Scale:F2}, from its errors on the last {e.CalibrationLabels} labels it predicted before they were computed)"
            : null;
    }

    private enum Stream { Choice, Recall }

    /// <summary>
    /// The random numbers of one batch's decisions, the same in every process for the same seed (a campaign resumed in
    /// a new process decides as an uninterrupted one would; HashCode.Combine is seeded anew in each process).
    /// </summary>
    private Random BatchRandom(int batch, Stream stream) => new(unchecked((spec.Seed * 1_000_003 + batch) * 31 + (int)stream));

    /// <summary>The expected-recall stopping rule: why the campaign has found enough, or null (see <see cref="ObjectiveSpec.ExpectedRecall"/>).</summary>
    private string? FoundEnough(AcquisitionPolicy policy, Learning.Models.MultiFidelityModel model, CampaignState state, int batch)
    {
        if (spec.Objective.ExpectedRecall is not { } wanted || policy.ExpectedRecall(model, state, BatchRandom(batch, Stream.Recall)) is not { } expected)
            return null;
        return expected >= wanted
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"found enough: the surrogate expects {expected:P1} of the sought molecules to be labelled at {spec.Objective.Rung} already, at or above the {wanted:P0} asked for")
            : null;
    }

    private string? StopReason(CampaignState state, AcquisitionPolicy policy, StoredCampaign campaign)
    {
        var budget = spec.Budget;
        if (budget.Kwh is { } kwh && state.SpentKwh >= kwh)
            return $"budget of {kwh:G4} kWh reached ({state.SpentKwh:G4} kWh spent)";
        if (budget.GramsCo2e is { } grams && state.SpentGramsCo2e >= grams)
            return $"budget of {grams:G4} gCO2e reached ({state.SpentGramsCo2e:G4} g spent)";
        if (budget.Calculations is { } count && state.Calculations >= count)
            return $"budget of {count} calculations reached";
        if (budget.Wall is { } wall && DateTimeOffset.UtcNow - campaign.CreatedAt >= wall)
            return $"wall-time budget of {wall} reached since the campaign began";
        if (state.NextBatch > 0 && !Enumerable.Range(0, state.Library.Molecules.Length).Any(m => policy.Available(state, m)))
            return "every valid molecule is labelled (or failed) at the target rung";
        return null;
    }

    private List<PlannedStep> StartBatch(AcquisitionPolicy policy, CampaignState state, CampaignLibrary library)
    {
        var pairs = new List<(int Molecule, int Rung, string Reason)>();
        if (spec.Acquisition.IsFunnel)
        {
            // A funnel starts with the cheapest rung everywhere, or on a diverse set its first surrogate learns from.
            var first = spec.Start.CheapestEverywhere
                ? Enumerable.Range(0, library.Molecules.Length).Where(m => !state.Settled(0, m))
                : policy.Diverse(state, spec.Start.Diverse, new Random(spec.Seed));
            return [.. first.Select((m, i) => new PlannedStep(i, library.Molecules[m].Index, 0, "funnel-start"))];
        }
        if (spec.Start.CheapestEverywhere && !variant.LearnsTargetOnly())
            pairs.AddRange(Enumerable.Range(0, library.Molecules.Length).Where(m => !state.Settled(0, m)).Select(m => (m, 0, "cheapest-everywhere")));
        var cover = policy.CoverElements(state);
        foreach (int m in cover.Concat(policy.Diverse(state, spec.Start.Diverse, new Random(spec.Seed)).Where(m => !cover.Contains(m))))
            foreach (int rung in policy.StepsFor(state, m, spec.TargetRung))
                pairs.Add((m, rung, rung != spec.TargetRung ? "cheaper-rung" : cover.Contains(m) ? "element-cover" : "diverse"));
        return [.. pairs.DistinctBy(p => (p.Molecule, p.Rung)).Select((p, i) => new PlannedStep(i, library.Molecules[p.Molecule].Index, p.Rung, p.Reason))];
    }

    private static List<PlannedStep> Expand(IReadOnlyList<Pick> picks, AcquisitionPolicy policy, CampaignState state)
    {
        var steps = new List<PlannedStep>();
        foreach (var pick in picks)
            foreach (int rung in policy.StepsFor(state, pick.Molecule, pick.Rung))
                steps.Add(new PlannedStep(steps.Count, state.Library.Molecules[pick.Molecule].Index, rung, rung == pick.Rung ? "acquired" : "cheaper-rung",
                    pick.Acquisition, pick.Mean, pick.Sigma, pick.PredictedKwh));
        return steps;
    }

    /// <summary>A budget in calculations is met exactly: the batch keeps whole acquisitions (a molecule's cheaper rungs with it) up to what is left.</summary>
    private List<PlannedStep> Trim(List<PlannedStep> steps, CampaignState state)
    {
        if (spec.Budget.Calculations is not { } limit)
            return steps;
        int left = limit - state.Calculations;
        var kept = new List<PlannedStep>();
        foreach (var group in steps.GroupBy(s => s.Molecule))
        {
            if (kept.Count + group.Count() > left)
                break;
            kept.AddRange(group);
        }
        return kept;
    }

    /// <summary>Runs a batch's steps, cheaper rungs first (a dearer rung may need their geometry), recording each outcome as it finishes.</summary>
    private async Task ExecuteAsync(long campaignId, int batch, IReadOnlyList<PlannedStep> steps, Ladder ladder, CampaignState state, RungCosts costs,
        ReplayOracle? oracle, CampaignLibrary library, CancellationToken cancellationToken)
    {
        foreach (var rungSteps in steps.GroupBy(s => s.Rung).OrderBy(g => g.Key))
        {
            int rung = rungSteps.Key;
            var spec = ladder.Rungs[rung];
            services.Progress?.Phase($"batch {batch}: {rungSteps.Count()} x {spec.Name}");
            if (spec.Replay is { } source)
            {
                foreach (var step in rungSteps)
                {
                    var (value, cpu) = oracle!.Release(source, step.Molecule);
                    var f = Footprint(new ComputeCost(cpu, cpu, 0, "replayed: the cost model's CPU seconds"), 1);
                    Finish(campaignId, batch, step, new StepOutcome("replay", null, null, value, null, cpu, f.EnergyKwh, f.OperationalCarbonGco2e, f.EmbodiedCarbonGco2e), state, library, ladder);
                }
                continue;
            }
            var runnable = new List<(PlannedStep Step, CalculationRequest Request)>();
            foreach (var step in rungSteps)
            {
                int m = state.PositionOf(step.Molecule);
                var start = library.Molecules[m].Molecule;
                Molecule? geometry = start;
                if (ladder.GeometryRung(rung) is { } g)
                    geometry = await GeometryAsync(m, g, ladder, state, library, cancellationToken);
                if (geometry is null)
                {
                    Finish(campaignId, batch, step, new StepOutcome("computed", null, null, null,
                        $"its geometry comes from rung '{ladder.Rungs[ladder.GeometryRung(rung)!.Value].Name}', which failed or gave no final geometry for this molecule", 0, 0, 0, 0), state, library, ladder);
                    continue;
                }
                runnable.Add((step, ladder.Request(rung, geometry)));
            }
            await services.Compute.RunAsync([.. runnable.Select(r => r.Request)], outcome =>
            {
                var step = runnable[outcome.Index].Step;
                int m = state.PositionOf(step.Molecule);
                var cost = outcome.Result?.Cost ?? ComputeCost.None;
                var f = Footprint(cost, services.EngineThreads);
                double? value = null;
                string? error = outcome.Problem;
                if (outcome.Succeeded)
                {
                    (value, error) = ladder.Read(rung, outcome.Result!.Properties!);
                    if (spec.Driver == Driver.Optimization)
                        _geometries[(m, rung)] = Ladder.FinalGeometry(outcome.Request.Molecule, outcome.Result.Properties!);
                    lock (_gate)
                        costs.Observe(rung, m, cost.CpuSeconds);
                }
                string source = outcome.Source == OutcomeSource.Computed ? "computed" : "store";
                Finish(campaignId, batch, step, new StepOutcome(source, outcome.RequestHash, null, value, error, cost.CpuSeconds, f.EnergyKwh, f.OperationalCarbonGco2e, f.EmbodiedCarbonGco2e),
                    state, library, ladder);
            }, cancellationToken);
        }
    }

    private void Finish(long campaignId, int batch, PlannedStep step, StepOutcome outcome, CampaignState state, CampaignLibrary library, Ladder ladder)
    {
        double spent;
        lock (_gate)
        {
            services.Store.FinishStep(campaignId, batch, step.Position, outcome);
            state.AddOutcome(step.Molecule, step.Rung, outcome);
            spent = state.SpentKwh;
        }
        services.Progress?.StepFinished(batch, library.Molecules[state.PositionOf(step.Molecule)].Name, ladder.Rungs[step.Rung].Name, outcome.Succeeded, spent);
    }

    private CalculationFootprint Footprint(ComputeCost cost, int threads) =>
        _footprint.Estimate(new CalculationUsage(cost.CpuSeconds, cost.WallSeconds, cost.PeakMemoryBytes, Math.Min(1.0, threads / (double)services.Machine.LogicalCpus))
        {
            MeasuredPackageJoules = cost.PackageEnergyJoules,
        }, services.Machine);

    /// <summary>The final geometry of an optimisation rung at a molecule: from this run, or asked of the store (no engine runs for a known result).</summary>
    private async Task<Molecule?> GeometryAsync(int molecule, int rung, Ladder ladder, CampaignState state, CampaignLibrary library, CancellationToken ct)
    {
        if (_geometries.TryGetValue((molecule, rung), out var known))
            return known;
        if (!state.Known(rung, molecule))
            return null;
        var start = rung is var r && ladder.GeometryRung(r) is { } below ? await GeometryAsync(molecule, below, ladder, state, library, ct) : library.Molecules[molecule].Molecule;
        if (start is null)
            return null;
        var outcome = (await services.StoreOnly.RunAsync([ladder.Request(rung, start)], null, ct))[0];
        var geometry = outcome.Succeeded ? Ladder.FinalGeometry(start, outcome.Result!.Properties!) : null;
        _geometries[(molecule, rung)] = geometry;
        return geometry;
    }

    /// <summary>Labels the store already holds for the library at live rungs (not charged: another run paid for them), rung by rung.</summary>
    private async Task WarmStartAsync(Ladder ladder, CampaignState state, CampaignLibrary library, CancellationToken ct)
    {
        services.Progress?.Phase("looking in the store for labels it already holds");
        for (int rung = 0; rung < ladder.Count; rung++)
        {
            if (ladder.Rungs[rung].Replay is not null)
                continue;
            var asks = new List<(int Molecule, CalculationRequest Request)>();
            for (int m = 0; m < library.Molecules.Length; m++)
            {
                if (state.Settled(rung, m))
                    continue;
                Molecule? geometry = library.Molecules[m].Molecule;
                if (ladder.GeometryRung(rung) is { } g)
                    geometry = state.Known(g, m) ? await GeometryAsync(m, g, ladder, state, library, ct) : null;
                if (geometry is not null)
                    asks.Add((m, ladder.Request(rung, geometry)));
            }
            if (asks.Count == 0)
                continue;
            var outcomes = await services.StoreOnly.RunAsync([.. asks.Select(a => a.Request)], null, ct);
            foreach (var outcome in outcomes.Where(o => o.Succeeded))
            {
                int m = asks[outcome.Index].Molecule;
                var (value, _) = ladder.Read(rung, outcome.Result!.Properties!);
                if (value is null)
                    continue;
                state.AddReused(rung, m, value.Value);
                if (ladder.Rungs[rung].Driver == Driver.Optimization)
                    _geometries[(m, rung)] = Ladder.FinalGeometry(outcome.Request.Molecule, outcome.Result.Properties!);
            }
        }
    }
}
