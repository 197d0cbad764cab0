using System.Collections.Immutable;

namespace Greenspace.Campaigns.Reports;

/// <summary>Everything a campaign report shows, gathered from the store; CampaignReport renders it.</summary>
public sealed record CampaignReportData
{
    public required string Name { get; init; }

    /// <summary>The spec as the user wrote it (YAML), repeated in the report.</summary>
    public required string SpecText { get; init; }

    /// <summary>One line: e.g. "maximise HOMO-LUMO gap (eV) at B3LYP/6-31G*".</summary>
    public required string ObjectiveText { get; init; }

    /// <summary>The property's unit at the target rung, e.g. "eV" or "kcal/mol".</summary>
    public required string Unit { get; init; }

    public required DateTimeOffset Started { get; init; }
    public DateTimeOffset? Finished { get; init; }

    /// <summary>Why it stopped ("budget of 0.05 kWh reached", "still running", ...).</summary>
    public required string Status { get; init; }

    public required int LibrarySize { get; init; }

    /// <summary>Library molecules refused, with the reason for each (shown as a table).</summary>
    public ImmutableArray<(string Molecule, string Reason)> Refused { get; init; } = [];

    public required ImmutableArray<RungSummary> Rungs { get; init; }

    /// <summary>After each batch, in order.</summary>
    public required ImmutableArray<BatchPoint> Trajectory { get; init; }

    /// <summary>The best candidates, best first.</summary>
    public required ImmutableArray<Candidate> Top { get; init; }

    public required CarbonReceipt Receipt { get; init; }

    /// <summary>Other runs of the same campaign to draw beside it (cost-blind, single-fidelity, random...), each with its trajectory.</summary>
    public ImmutableArray<(string Variant, ImmutableArray<BatchPoint> Trajectory)> Comparisons { get; init; } = [];

    /// <summary>Lines the reader must see (replayed labels and their geometry, modelled energy, assumptions).</summary>
    public ImmutableArray<string> Notes { get; init; } = [];
}

/// <summary>One rung of the ladder and what the campaign did at it.</summary>
/// <param name="Label">e.g. "xtb GFN2-xTB optimization".</param>
/// <param name="Computed">Calculations an engine ran for this campaign.</param>
/// <param name="FromStore">Answers the store already held (this campaign's earlier runs, or reused).</param>
/// <param name="Replayed">Labels looked up in a data set (benchmarks), each charged the cost model's energy.</param>
public sealed record RungSummary(string Name, string Label, int Computed, int FromStore, int Replayed, int Failed, double Kwh, double GramsCo2e);

/// <summary>The state of the campaign after one batch.</summary>
/// <param name="CumulativeKwh">Everything charged so far: calculations, featurisation, training and prediction.</param>
/// <param name="BestValue">The best target-rung value found so far (null before the first), in the report's unit.</param>
/// <param name="Recall">Fraction of the true targets found (only where the truth is known, in benchmarks).</param>
/// <param name="ModelMae">Error of the surrogate on the molecules this batch labelled at the target rung, before their labels were seen.</param>
/// <param name="MeanAbsZ">Mean |error| / sigma over those molecules: near 0.8 for a calibrated Gaussian.</param>
/// <param name="LabelsPerRung">How many molecules each rung has labelled so far, cheapest first.</param>
public sealed record BatchPoint(int Batch, double CumulativeKwh, double? BestValue, double? Recall, double? ModelMae, double? MeanAbsZ, ImmutableArray<int> LabelsPerRung);

/// <param name="Label">The target rung's value where it was computed; null where only predicted.</param>
public sealed record Candidate(int Rank, string Molecule, string? Smiles, double PredictedMean, double PredictedSigma, double? Label);

/// <summary>What the campaign cost, and what it avoided.</summary>
/// <param name="KwhByRung">Cheapest first, in the order of <see cref="CampaignReportData.Rungs"/>.</param>
/// <param name="MlKwh">Featurisation, training, prediction and acquisition (this process).</param>
/// <param name="BruteForceKwh">The target rung on every valid molecule, by the same cost model.</param>
/// <param name="Method">"modelled (Green Algorithms v3.1 ...)" or "measured ...": how the energy was obtained.</param>
public sealed record CarbonReceipt(ImmutableArray<double> KwhByRung, double MlKwh, double TotalKwh, double GramsCo2e, double EmbodiedGramsCo2e,
    double BruteForceKwh, string Method, string CarbonIntensity)
{
    public double AvoidedKwh => Math.Max(0, BruteForceKwh - TotalKwh);

    /// <summary>Operational emissions of the ML alone; null: the report shows what the rungs leave of <see cref="GramsCo2e"/>.</summary>
    public double? MlGramsCo2e { get; init; }
}
