using System.Collections.Immutable;
using System.Text;

namespace Greenspace.Campaigns.Reports;

/// <summary>The files a campaign report was written to, and what the reader should know about them.</summary>
/// <param name="Html">report.html: self-contained, with the plots beside it.</param>
/// <param name="Markdown">summary.md: the same content as Markdown.</param>
/// <param name="Plots">The PNGs, in the order the report shows them.</param>
/// <param name="Warnings">Problems with the report itself (e.g. no font for the plots), also printed in both files.</param>
public sealed record CampaignReportFiles(string Html, string Markdown, ImmutableArray<string> Plots, ImmutableArray<string> Warnings);

/// <summary>
/// Renders a campaign report: report.html, summary.md and its plots (progress.png, model-error.png, fidelity-counts.png,
/// receipt.png) in one directory. Written at the end of a campaign and on demand (<c>greenspace campaign report</c>).
/// </summary>
public static class CampaignReport
{
    public const string HtmlFile = "report.html";
    public const string MarkdownFile = "summary.md";

    public static CampaignReportFiles Write(CampaignReportData data, string directory)
    {
        Check(data);
        Directory.CreateDirectory(directory);
        var warnings = ReportFonts.Choice.Problem is { } fontProblem ? ImmutableArray.Create(fontProblem) : [];

        var plots = new (string File, Func<CampaignReportData, ScottPlot.Plot> Draw)[]
        {
            (ReportPlots.ProgressFile, ReportPlots.Progress),
            (ReportPlots.ModelErrorFile, ReportPlots.ModelError),
            (ReportPlots.FidelityCountsFile, ReportPlots.FidelityCounts),
            (ReportPlots.ReceiptFile, ReportPlots.Receipt),
        };
        var plotPaths = ImmutableArray.CreateBuilder<string>();
        foreach (var (file, draw) in plots)
        {
            string path = Path.Combine(directory, file);
            ReportPlots.Save(draw(data), path);
            plotPaths.Add(path);
        }

        var blocks = ReportContent.Build(data, warnings);
        var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        string markdown = Path.Combine(directory, MarkdownFile);
        File.WriteAllText(markdown, MarkdownRenderer.Render(blocks), utf8);
        string html = Path.Combine(directory, HtmlFile);
        File.WriteAllText(html, HtmlRenderer.Render($"Campaign report: {data.Name}", blocks), utf8);
        return new CampaignReportFiles(html, markdown, plotPaths.ToImmutable(), warnings);
    }

    /// <summary>The per-rung arrays must line up with the rungs: a report that silently shifted them would mislead.</summary>
    private static void Check(CampaignReportData data)
    {
        if (data.Rungs.IsDefault || data.Trajectory.IsDefault || data.Top.IsDefault)
            throw new ArgumentException($"CampaignReportData '{data.Name}': Rungs, Trajectory and Top must be set (empty is fine, for a campaign that has not started).");
        int rungs = data.Rungs.Length;
        if (data.Receipt.KwhByRung.IsDefault || data.Receipt.KwhByRung.Length != rungs)
            throw new ArgumentException($"CampaignReportData '{data.Name}': Receipt.KwhByRung has {(data.Receipt.KwhByRung.IsDefault ? 0 : data.Receipt.KwhByRung.Length)} values for {rungs} rungs; give one energy per rung, cheapest first.");
        foreach (var (variant, trajectory) in new[] { ("the campaign", data.Trajectory) }.Concat(data.Comparisons))
        {
            var wrong = trajectory.IsDefault ? null : trajectory.FirstOrDefault(p => !p.LabelsPerRung.IsDefaultOrEmpty && p.LabelsPerRung.Length != rungs);
            if (wrong is not null)
                throw new ArgumentException($"CampaignReportData '{data.Name}': batch {wrong.Batch} of {variant} has LabelsPerRung for {wrong.LabelsPerRung.Length} rungs, but there are {rungs}; give one count per rung, cheapest first.");
        }
    }
}
