using System.Collections.Immutable;
using System.Globalization;
using static Greenspace.Campaigns.Reports.ReportNumbers;

namespace Greenspace.Campaigns.Reports;

/// <summary>What the report says, in order, as plain-text blocks: the one place its wording and arithmetic live.</summary>
internal static class ReportContent
{
    /// <summary>Refused molecules listed by name; the rest are counted.</summary>
    public const int RefusedShown = 20;

    /// <summary>Batches listed in the calibration table; a longer campaign is sampled evenly, first and last kept.</summary>
    public const int BatchesShown = 40;

    private const string None = "—";

    /// <summary>What each known comparison run changed, in the reader's words; other variants are shown by name.</summary>
    private static readonly Dictionary<string, string> VariantMeaning = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cost-blind"] = "every rung charged the same, so the choice of rung ignores cost",
        ["single-fidelity"] = "the target rung only",
        ["random"] = "molecules picked at random",
    };

    /// <summary>Benchmarks know the truth, so their progress is recall; a real campaign's is the best value found.</summary>
    public static bool ShowsRecall(CampaignReportData data) => data.Trajectory.Any(p => p.Recall is not null);

    public static ImmutableArray<ReportBlock> Build(CampaignReportData data, IReadOnlyList<string> warnings)
    {
        var blocks = ImmutableArray.CreateBuilder<ReportBlock>();
        blocks.Add(new HeadingBlock(1, $"Campaign report: {data.Name}"));
        blocks.Add(Overview(data));
        foreach (var warning in warnings)
            blocks.Add(new WarningBlock(warning));

        blocks.Add(new HeadingBlock(2, "Progress"));
        blocks.Add(new FigureBlock(ReportPlots.ProgressFile, ShowsRecall(data)
            ? "Recall of the true best versus energy spent"
            : $"Best value found ({data.Unit}) versus energy spent"));
        if (!data.Comparisons.IsEmpty)
            blocks.AddRange(Comparisons(data));

        blocks.Add(new HeadingBlock(2, "Rungs"));
        blocks.Add(Rungs(data));
        blocks.Add(new FigureBlock(ReportPlots.FidelityCountsFile, "Molecules labelled at each rung"));

        blocks.Add(new HeadingBlock(2, "Top candidates"));
        blocks.Add(data.Top.IsEmpty ? new ParagraphBlock("No candidate yet.") : Candidates(data));

        blocks.Add(new HeadingBlock(2, "Carbon receipt"));
        blocks.AddRange(Receipt(data));

        blocks.Add(new HeadingBlock(2, "Calibration as the campaign went"));
        blocks.AddRange(Calibration(data));

        blocks.Add(new HeadingBlock(2, "Notes"));
        blocks.Add(data.Notes.IsEmpty ? new ParagraphBlock("None.") : new ListBlock(data.Notes));

        if (!data.Refused.IsEmpty)
        {
            blocks.Add(new HeadingBlock(2, "Refused molecules"));
            blocks.AddRange(Refused(data));
        }

        blocks.Add(new HeadingBlock(2, "Spec"));
        blocks.Add(new CodeBlock("yaml", data.SpecText));
        return blocks.ToImmutable();
    }

    private static FactsBlock Overview(CampaignReportData data) => new(
    [
        ("Objective", data.ObjectiveText),
        ("Status", data.Status),
        ("Started", Time(data.Started)),
        ("Finished", data.Finished is { } finished ? $"{Time(finished)} (after {Duration(finished - data.Started)})" : "not yet"),
        ("Library", $"{Count(data.LibrarySize)} molecules, {Count(data.Refused.Length)} refused"),
        ("Energy spent", $"{Kwh(data.Receipt.TotalKwh)} kWh, {Grams(data.Receipt.GramsCo2e)} gCO2e"),
    ]);

    private static IEnumerable<ReportBlock> Comparisons(CampaignReportData data)
    {
        bool recall = ShowsRecall(data);
        var described = data.Comparisons.Select(c => VariantMeaning.TryGetValue(c.Variant, out var meaning) ? $"{c.Variant} ({meaning})" : c.Variant);
        yield return new ParagraphBlock($"The same campaign repeated otherwise, drawn as dashed lines above: {string.Join("; ", described)}.");
        var runs = data.Comparisons.Select(c => (Name: c.Variant, c.Trajectory)).Prepend((Name: "this campaign", data.Trajectory));
        yield return new TableBlock(
            ["Run", "Batches", "Energy spent (kWh)", recall ? "Recall at the end" : $"Best found ({data.Unit})"],
            [false, true, true, true],
            [.. runs.Select(run =>
            {
                var last = run.Trajectory.IsDefaultOrEmpty ? null : run.Trajectory[^1];
                double? end = last is null ? null : recall ? last.Recall : last.BestValue;
                return ImmutableArray.Create(run.Name, Count(run.Trajectory.IsDefault ? 0 : run.Trajectory.Length),
                    last is null ? None : Kwh(last.CumulativeKwh), end is { } v ? (recall ? Plain(v) : Value(v)) : None);
            })]);
    }

    private static TableBlock Rungs(CampaignReportData data) => new(
        ["Rung", "Method", "Computed", "From store", "Replayed", "Failed", "Energy (kWh)", "Emissions (gCO2e)"],
        [false, false, true, true, true, true, true, true],
        [.. data.Rungs.Select(r => ImmutableArray.Create(r.Name, r.Label, Count(r.Computed), Count(r.FromStore), Count(r.Replayed),
            Count(r.Failed), Kwh(r.Kwh), Grams(r.GramsCo2e)))]);

    private static TableBlock Candidates(CampaignReportData data) => new(
        ["Rank", "Molecule", "SMILES", $"Predicted ({data.Unit}, mean ± σ)", $"Computed ({data.Unit})"],
        [true, false, false, true, true],
        [.. data.Top.Select(c => ImmutableArray.Create(Count(c.Rank), c.Molecule, c.Smiles ?? None,
            WithSigma(c.PredictedMean, c.PredictedSigma), c.Label is { } label ? LikeSigma(label, c.PredictedSigma) : None))]);

    private static IEnumerable<ReportBlock> Receipt(CampaignReportData data)
    {
        var receipt = data.Receipt;
        double rungGrams = data.Rungs.Sum(r => r.GramsCo2e);
        double mlGrams = receipt.MlGramsCo2e ?? Math.Max(0, receipt.GramsCo2e - rungGrams);
        var rows = data.Rungs.Select((r, i) => ImmutableArray.Create($"{r.Name} ({r.Label})", Kwh(receipt.KwhByRung[i]), Grams(r.GramsCo2e)))
            .Append(["ML (featurisation, training, prediction, acquisition)", Kwh(receipt.MlKwh), Grams(mlGrams)])
            .Append(["Total", Kwh(receipt.TotalKwh), Grams(receipt.GramsCo2e)]);
        yield return new TableBlock(["Spent on", "Energy (kWh)", "Emissions, operational (gCO2e)"], [false, true, true], [.. rows]);

        var facts = new List<(string, string)>
        {
            ("Emissions", $"{Grams(receipt.GramsCo2e)} gCO2e operational, {Grams(receipt.EmbodiedGramsCo2e)} gCO2e embodied (the hardware's manufacture, its share)"),
            ("ML share of the energy", receipt.TotalKwh > 0 ? Percent(receipt.MlKwh / receipt.TotalKwh) : None),
            ("Brute force (the target rung on every valid molecule)", receipt.BruteForceKwh > 0 ? $"{Kwh(receipt.BruteForceKwh)} kWh" : "not estimated"),
        };
        if (receipt.BruteForceKwh > 0)
        {
            string spent = Percent(receipt.TotalKwh / receipt.BruteForceKwh);
            facts.Add(("Energy avoided", receipt.TotalKwh <= receipt.BruteForceKwh
                ? $"{Kwh(receipt.AvoidedKwh)} kWh: this campaign spent {spent} of brute force's energy"
                : $"none: this campaign spent {spent} of brute force's energy"));
        }
        facts.Add(("Energy obtained by", receipt.Method));
        facts.Add(("Carbon intensity", receipt.CarbonIntensity));
        yield return new FactsBlock([.. facts]);
        yield return new FigureBlock(ReportPlots.ReceiptFile, "Energy by rung and by the ML");
    }

    private static IEnumerable<ReportBlock> Calibration(CampaignReportData data)
    {
        yield return new ParagraphBlock("After each batch: the surrogate's error on the molecules the batch labelled at the target rung, "
            + "measured before their labels were seen, and mean |error| / σ over them. A calibrated Gaussian gives about "
            + $"{Plain(Math.Round(ReportPlots.CalibratedMeanAbsZ, 2))}; more means the surrogate was overconfident, less that it was too cautious.");
        yield return new FigureBlock(ReportPlots.ModelErrorFile, "Surrogate error and calibration versus energy spent");
        if (data.Trajectory.IsEmpty)
        {
            yield return new ParagraphBlock("No batch has finished yet.");
            yield break;
        }

        var shown = Sample(data.Trajectory.Length, BatchesShown);
        if (shown.Length < data.Trajectory.Length)
            yield return new ParagraphBlock($"{Count(shown.Length)} of {Count(data.Trajectory.Length)} batches shown, evenly spaced, the first and the last included.");
        bool recall = ShowsRecall(data);
        yield return new TableBlock(
            ["Batch", "Energy so far (kWh)", recall ? "Recall" : $"Best found ({data.Unit})", $"Model MAE ({data.Unit})", "Mean |z|", "Labels per rung"],
            [true, true, true, true, true, false],
            [.. shown.Select(i => data.Trajectory[i]).Select(p => ImmutableArray.Create(
                Count(p.Batch), Kwh(p.CumulativeKwh),
                (recall ? p.Recall : p.BestValue) is { } v ? (recall ? Plain(v) : Value(v)) : None,
                p.ModelMae is { } mae ? Value(mae) : None,
                p.MeanAbsZ is { } z ? Plain(z) : None,
                p.LabelsPerRung.IsDefaultOrEmpty ? None : string.Join(" / ", p.LabelsPerRung.Select(Count))))]);
    }

    private static IEnumerable<ReportBlock> Refused(CampaignReportData data)
    {
        yield return new TableBlock(["Molecule", "Reason"], [false, false],
            [.. data.Refused.Take(RefusedShown).Select(r => ImmutableArray.Create(r.Molecule, r.Reason))]);
        if (data.Refused.Length > RefusedShown)
            yield return new ParagraphBlock($"… and {Count(data.Refused.Length - RefusedShown)} more ({Count(data.Refused.Length)} refused in all).");
    }

    /// <summary>Up to <paramref name="most"/> indices of n, evenly spaced, with 0 and n - 1.</summary>
    private static ImmutableArray<int> Sample(int n, int most) =>
        n <= most ? [.. Enumerable.Range(0, n)] : [.. Enumerable.Range(0, most).Select(k => (int)Math.Round(k * (n - 1) / (double)(most - 1))).Distinct()];

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes} min {span.Seconds} s" : $"{Plain(Math.Round(span.TotalSeconds, 1))} s";
}
