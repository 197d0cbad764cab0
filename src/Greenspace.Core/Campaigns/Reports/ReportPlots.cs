using System.Collections.Immutable;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace Greenspace.Campaigns.Reports;

/// <summary>
/// The report's plots, drawn with ScottPlot. Each is built as a <see cref="Plot"/> first (so a test can look at it)
/// and written as a PNG of <see cref="Width"/> by <see cref="Height"/> pixels. A plot with nothing to show yet
/// (a campaign stopped before its first batch) says so in words instead of drawing empty axes.
/// </summary>
internal static class ReportPlots
{
    public const int Width = 900;
    public const int Height = 520;

    public const string ProgressFile = "progress.png";
    public const string ModelErrorFile = "model-error.png";
    public const string FidelityCountsFile = "fidelity-counts.png";
    public const string ReceiptFile = "receipt.png";

    /// <summary>Mean |error| / sigma of a calibrated Gaussian surrogate: E|z| = sqrt(2/pi).</summary>
    public static readonly double CalibratedMeanAbsZ = Math.Sqrt(2 / Math.PI);

    /// <summary>Recall where the truth is known (benchmarks), else the best value found, against energy spent; the comparison runs as dashed lines.</summary>
    public static Plot Progress(CampaignReportData data)
    {
        var plot = new Plot();
        bool recall = ReportContent.ShowsRecall(data);
        Func<BatchPoint, double?> metric = recall ? p => p.Recall : p => p.BestValue;
        plot.Title(recall ? "Recall of the true best versus energy spent" : "Best value found versus energy spent");
        plot.YLabel(recall ? "Recall (fraction of the true best found)" : $"Best value found ({data.Unit})");

        var series = new List<(string Name, ImmutableArray<BatchPoint> Trajectory, bool Main)> { ("this campaign", data.Trajectory, true) };
        series.AddRange(data.Comparisons.Select(c => (c.Variant, c.Trajectory, false)));
        var drawn = series
            .Select(s => (s.Name, s.Main, Points: s.Trajectory.Where(p => metric(p) is not null).Select(p => (X: p.CumulativeKwh, Y: metric(p)!.Value)).ToArray()))
            .Where(s => s.Points.Length > 0)
            .ToList();
        if (drawn.Count == 0)
            return Empty(plot, "No batch has finished yet: nothing to draw.");

        var x = KwhAxis(plot, drawn.SelectMany(s => s.Points.Select(p => p.X)));
        foreach (var (name, main, points) in drawn)
        {
            var line = plot.Add.Scatter(points.Select(p => x(p.X)).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = name;
            // The best value holds until the next batch ends: a step, not a slope.
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = main ? 2.5f : 1.5f;
            line.MarkerSize = main ? 6 : 4;
            if (!main) line.LinePattern = LinePattern.Dashed;
        }
        if (drawn.Count > 1) plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>The surrogate's error on each batch's new target labels (left axis) and its calibration, mean |z| (right axis).</summary>
    public static Plot ModelError(CampaignReportData data)
    {
        var plot = new Plot();
        plot.Title("Surrogate error and calibration, batch by batch");
        var mae = data.Trajectory.Where(p => p.ModelMae is not null).Select(p => (X: p.CumulativeKwh, Y: p.ModelMae!.Value)).ToArray();
        var z = data.Trajectory.Where(p => p.MeanAbsZ is not null).Select(p => (X: p.CumulativeKwh, Y: p.MeanAbsZ!.Value)).ToArray();
        if (mae.Length == 0 && z.Length == 0)
            return Empty(plot, "No batch has labelled a molecule at the target rung yet: no model error to show.");

        var x = KwhAxis(plot, mae.Concat(z).Select(p => p.X));
        plot.YLabel($"Model MAE ({data.Unit})");
        if (mae.Length > 0)
        {
            var line = plot.Add.Scatter(mae.Select(p => x(p.X)).ToArray(), mae.Select(p => p.Y).ToArray());
            line.LegendText = $"MAE ({data.Unit}), left axis";
            line.LineWidth = 2;
        }
        if (z.Length > 0)
        {
            var line = plot.Add.Scatter(z.Select(p => x(p.X)).ToArray(), z.Select(p => p.Y).ToArray());
            line.LegendText = "mean |error| / σ, right axis";
            line.LinePattern = LinePattern.Dashed;
            line.Axes.YAxis = plot.Axes.Right;
            var calibrated = plot.Add.HorizontalLine(CalibratedMeanAbsZ);
            calibrated.LegendText = $"calibrated: {ReportNumbers.Plain(Math.Round(CalibratedMeanAbsZ, 2))}";
            calibrated.LinePattern = LinePattern.Dotted;
            calibrated.Color = Colors.Gray;
            calibrated.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "Mean |error| / σ";
        }
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>How many molecules each rung had labelled when the report was written.</summary>
    public static Plot FidelityCounts(CampaignReportData data)
    {
        var plot = new Plot();
        plot.Title("Molecules labelled at each rung");
        var counts = data.Trajectory.IsDefaultOrEmpty ? [] : Usable(data.Trajectory[^1].LabelsPerRung);
        if (counts.IsEmpty)
            return Empty(plot, "No batch has finished yet: no labels to count.");

        var bars = plot.Add.Bars(counts.Select(c => (double)c).ToArray());
        foreach (var (bar, count) in bars.Bars.Zip(counts))
            bar.Label = ReportNumbers.Count(count);
        plot.Axes.Bottom.SetTicks(
            Enumerable.Range(0, counts.Length).Select(i => (double)i).ToArray(),
            Enumerable.Range(0, counts.Length).Select(i => i < data.Rungs.Length ? data.Rungs[i].Name : $"rung {i + 1}").ToArray());
        plot.XLabel("Rung (cheapest first)");
        plot.YLabel("Molecules labelled");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    /// <summary>Energy by rung and by the ML, beside which the brute-force figure is given in the title (it would flatten every bar).</summary>
    public static Plot Receipt(CampaignReportData data)
    {
        var plot = new Plot();
        var receipt = data.Receipt;
        plot.Title($"Energy spent: {ReportNumbers.Kwh(receipt.TotalKwh)} kWh (brute force: {ReportNumbers.Kwh(receipt.BruteForceKwh)} kWh)");
        var names = data.Rungs.Select(r => r.Name).Append("ML").ToArray();
        var kwh = Usable(receipt.KwhByRung).Append(receipt.MlKwh).ToArray();
        var bars = plot.Add.Bars(kwh);
        foreach (var (bar, value) in bars.Bars.Zip(kwh))
            bar.Label = ReportNumbers.Kwh(value);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, names.Length).Select(i => (double)i).ToArray(), names);
        plot.YLabel("Energy (kWh)");
        plot.Axes.Margins(bottom: 0);
        return plot;
    }

    /// <summary>Draws with the report's font and writes the PNG.</summary>
    public static void Save(Plot plot, string path)
    {
        UseReportFont(plot);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>The PNG bytes as <see cref="Save"/> would write them.</summary>
    public static byte[] Render(Plot plot)
    {
        UseReportFont(plot);
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    private static void UseReportFont(Plot plot)
    {
        if (ReportFonts.Choice.Family is not { } family)
            return;
        plot.Font.Set(family);
        // The styler reaches axes, title and legend, not annotations.
        foreach (var annotation in plot.GetPlottables<ScottPlot.Plottables.Annotation>())
            annotation.LabelFontName = family;
    }

    private static Plot Empty(Plot plot, string message)
    {
        var annotation = plot.Add.Annotation(message, Alignment.MiddleCenter);
        annotation.LabelBackgroundColor = Colors.White;
        annotation.LabelBorderColor = Colors.Gray;
        annotation.LabelShadowColor = Colors.Transparent;
        annotation.LabelFontSize = 16;
        // Frameless hides every panel, the title's too; the title still says which plot this is.
        plot.Axes.Frameless();
        plot.Axes.Title.IsVisible = true;
        plot.HideGrid();
        return plot;
    }

    /// <summary>
    /// Sets up the energy axis and returns the transform for its values: log10 when the energies span two decades
    /// or more (a campaign's first batches cost far less than its last), the identity otherwise.
    /// </summary>
    private static Func<double, double> KwhAxis(Plot plot, IEnumerable<double> kwh)
    {
        var values = kwh.ToArray();
        bool log = values.Length > 1 && values.All(v => v > 0) && values.Max() / values.Min() >= 100;
        if (!log)
        {
            plot.XLabel("Energy spent (kWh)");
            return v => v;
        }
        plot.XLabel("Energy spent (kWh, log scale)");
        plot.Axes.Bottom.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = v => ReportNumbers.Plain(Math.Pow(10, v)),
        };
        return Math.Log10;
    }

    private static ImmutableArray<T> Usable<T>(ImmutableArray<T> values) => values.IsDefault ? [] : values;
}
