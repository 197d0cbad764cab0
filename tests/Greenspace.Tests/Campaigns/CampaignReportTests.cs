using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Net;
using Greenspace.Campaigns.Reports;
using Greenspace.Tests.Support;
using SkiaSharp;

namespace Greenspace.Tests.Campaigns;

/// <summary>
/// The report is a renderer, so its input is built here by hand from stated numbers; the tests check facts of the
/// rendering (files, pixels, rows, arithmetic on the stated inputs, escaping), never a copy of an earlier output.
/// </summary>
public sealed class CampaignReportTests : IDisposable
{
    private readonly string _dir = TestData.NewTempDirectory("gs-report-");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string OddName = "weird <&> molecule";

    private static readonly ImmutableArray<string> Notes =
    [
        "B3LYP/6-31G* labels replayed from QM9 at its B3LYP geometry; each charged the cost model's energy.",
        "Energy modelled: <TDP × time> & \"Green Algorithms\" v3.1 — no meter read.",
        "Line with | a pipe and *stars* kept as written.",
    ];

    private static CampaignReportData Data(ImmutableArray<BatchPoint>? trajectory = null) => new()
    {
        Name = "gap-hunt",
        SpecText = "name: gap-hunt\nobjective:\n  maximise: gap\n  rung: b3lyp\nbudget:\n  kwh: 0.25\n",
        ObjectiveText = "maximise HOMO-LUMO gap (eV) at B3LYP/6-31G*",
        Unit = "eV",
        Started = new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero),
        Finished = new DateTimeOffset(2025, 3, 1, 13, 30, 0, TimeSpan.Zero),
        Status = "budget of 0.25 kWh reached",
        LibrarySize = 1000,
        Refused = [.. Enumerable.Range(1, 25).Select(i => ($"refused-{i:00}", "contains Br, which xtb's rung allows but MOPAC's does not"))],
        Rungs =
        [
            new RungSummary("xtb", "xtb GFN2-xTB optimization", Computed: 400, FromStore: 20, Replayed: 0, Failed: 3, Kwh: 0.01, GramsCo2e: 2.0),
            new RungSummary("pm7", "MOPAC PM7", Computed: 90, FromStore: 0, Replayed: 0, Failed: 1, Kwh: 0.04, GramsCo2e: 8.0),
            new RungSummary("b3lyp", "psi4 B3LYP/6-31G*", Computed: 0, FromStore: 0, Replayed: 30, Failed: 0, Kwh: 0.15, GramsCo2e: 30.0),
        ],
        // Energy spans 0.001 to 0.25 kWh: more than two decades.
        Trajectory = trajectory ??
        [
            new BatchPoint(1, 0.001, 5.1, null, null, null, [100, 10, 0]),
            new BatchPoint(2, 0.01, 6.0, null, 0.42, 1.9, [200, 40, 10]),
            new BatchPoint(3, 0.1, 6.8, null, 0.30, 1.1, [300, 70, 20]),
            new BatchPoint(4, 0.25, 7.3, null, 0.21, 0.85, [420, 90, 30]),
        ],
        Top =
        [
            new Candidate(1, "dsgdb9nsd_000123", "N#CC#N", PredictedMean: 7.31, PredictedSigma: 0.05, Label: 7.3),
            new Candidate(2, OddName, "C&C", PredictedMean: 3.2146, PredictedSigma: 0.0432, Label: null),
            new Candidate(3, "dsgdb9nsd_004567", null, PredictedMean: 6.9, PredictedSigma: 0.2, Label: null),
        ],
        Receipt = new CarbonReceipt([0.01, 0.04, 0.15], MlKwh: 0.05, TotalKwh: 0.25, GramsCo2e: 50, EmbodiedGramsCo2e: 12,
            BruteForceKwh: 10, Method: "modelled (Green Algorithms v3.1, 2 cores)", CarbonIntensity: "475 gCO2e/kWh (world average)"),
        Comparisons =
        [
            ("cost-blind", [new BatchPoint(1, 0.02, 5.0, null, null, null, []), new BatchPoint(2, 0.25, 6.5, null, null, null, [])]),
            ("single-fidelity", [new BatchPoint(1, 0.08, 5.5, null, null, null, []), new BatchPoint(2, 0.25, 6.1, null, null, null, [])]),
        ],
        Notes = Notes,
    };

    [Fact]
    public void WritesThePageTheSummaryAndFourPngsOfTheStatedSize()
    {
        var files = CampaignReport.Write(Data(), _dir);

        Assert.True(File.Exists(files.Html));
        Assert.True(File.Exists(files.Markdown));
        Assert.Equal(["progress.png", "model-error.png", "fidelity-counts.png", "receipt.png"], files.Plots.Select(Path.GetFileName));
        foreach (var png in files.Plots)
        {
            var bytes = File.ReadAllBytes(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
            Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
            Assert.Equal(ReportPlots.Width, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
            Assert.Equal(ReportPlots.Height, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
            using var bitmap = SKBitmap.Decode(bytes);
            Assert.NotNull(bitmap);
        }
        var html = File.ReadAllText(files.Html);
        foreach (var png in files.Plots)
            Assert.Contains($"<img src=\"{Path.GetFileName(png)}\"", html);
        Assert.Empty(files.Warnings);
    }

    [Fact]
    public void ThePlotsAreDrawnWithDejaVuSans()
    {
        // fonts-dejavu-core is in run.sh's package list; without it ScottPlot would draw no text and say nothing.
        Assert.Equal(ReportFonts.Family, ReportFonts.Choice.Family);
        Assert.Null(ReportFonts.Choice.Problem);
    }

    [Fact]
    public void TextIsActuallyDrawn()
    {
        // Two renderings of the same plot whose titles differ only in their letters (the same text reversed): the layout
        // is the same, so the images differ exactly where the title's glyphs are. With no font both would be blank there.
        var plot = ReportPlots.Progress(Data());
        string title = plot.Axes.Title.Label.Text;
        using var forward = SKBitmap.Decode(ReportPlots.Render(plot));
        plot.Title(new string(title.Reverse().ToArray()));
        using var reversed = SKBitmap.Decode(ReportPlots.Render(plot));

        var differing = new List<(int X, int Y)>();
        for (int y = 0; y < forward.Height; y++)
            for (int x = 0; x < forward.Width; x++)
                if (forward.GetPixel(x, y) != reversed.GetPixel(x, y))
                    differing.Add((x, y));

        Assert.True(differing.Count > 200, $"only {differing.Count} pixels differ: the title's text was not drawn");
        Assert.All(differing, p => Assert.True(p.Y < ReportPlots.Height / 10, $"pixel ({p.X}, {p.Y}) differs below the title band"));

        // And hiding the title changes that band too (the brief's first form of the check).
        plot.Title(false);
        using var untitled = SKBitmap.Decode(ReportPlots.Render(plot));
        Assert.Contains(Enumerable.Range(0, 20).SelectMany(y => Enumerable.Range(0, forward.Width).Select(x => (x, y))),
            p => forward.GetPixel(p.x, p.y) != untitled.GetPixel(p.x, p.y));
    }

    [Fact]
    public void TheProgressPlotHasOneLinePerRunAndALogEnergyAxisWhenEnergySpansDecades()
    {
        var plot = ReportPlots.Progress(Data());

        var lines = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Select(s => s.LegendText).ToArray();
        Assert.Equal(["this campaign", "cost-blind", "single-fidelity"], lines);
        Assert.Contains("log scale", plot.Axes.Bottom.Label.Text);

        // Batch 4 is at 0.25 kWh: drawn at log10(0.25).
        var main = plot.GetPlottables<ScottPlot.Plottables.Scatter>().First().Data.GetScatterPoints();
        Assert.Equal(Math.Log10(0.25), main[^1].X, 12);
        Assert.Equal(7.3, main[^1].Y);
    }

    [Fact]
    public void ABenchmarkThatKnowsTheTruthShowsRecall()
    {
        ImmutableArray<BatchPoint> trajectory =
        [
            new BatchPoint(1, 0.01, 5.0, 0.1, null, null, [10, 2, 0]),
            new BatchPoint(2, 0.02, 6.0, 0.4, 0.3, 0.9, [20, 4, 2]),
        ];
        var data = Data(trajectory) with { Comparisons = [("cost-blind", [new BatchPoint(1, 0.02, 5.5, 0.2, null, null, [])])] };

        var plot = ReportPlots.Progress(data);
        Assert.StartsWith("Recall", plot.Axes.Left.Label.Text);
        Assert.Equal([0.1, 0.4], plot.GetPlottables<ScottPlot.Plottables.Scatter>().First().Data.GetScatterPoints().Select(p => p.Y));
        var md = File.ReadAllText(CampaignReport.Write(data, _dir).Markdown);
        Assert.Equal(["this campaign", "2", "0.02000", "0.4"], TableRows(md, "## Progress")[0]);
        Assert.Equal("0.2", TableRows(md, "## Progress")[1][3]);
    }

    [Fact]
    public void TheMarkdownHasOneRowPerRungAndPerCandidate()
    {
        var data = Data();
        var md = File.ReadAllText(CampaignReport.Write(data, _dir).Markdown);

        var rungRows = TableRows(md, "## Rungs");
        Assert.Equal(data.Rungs.Select(r => r.Name), rungRows.Select(r => r[0]));
        Assert.Equal(["pm7", "MOPAC PM7", "90", "0", "0", "1", "0.04000", "8.00"], rungRows[1]);

        var candidateRows = TableRows(md, "## Top candidates");
        Assert.Equal(["1", "2", "3"], candidateRows.Select(r => r[0]));
        // 3.2146 ± 0.0432: sigma to two significant digits, the mean to the same place; no label: a dash.
        Assert.Equal(["2", OddName, "C&C", "3.215 ± 0.043", "—"], candidateRows[1]);
        // 7.3 beside sigma 0.05 (two significant digits: 0.050) is written to the same place.
        Assert.Equal("7.300", candidateRows[0][4]);
        Assert.Equal("—", candidateRows[2][2]);
    }

    [Fact]
    public void TheReceiptComputesTheAvoidedEnergyAndTheShareOfBruteForce()
    {
        var files = CampaignReport.Write(Data(), _dir);
        var md = File.ReadAllText(files.Markdown);
        var html = File.ReadAllText(files.Html);

        // Brute force 10 kWh, spent 0.25 kWh: 9.75 kWh avoided, 2.5 % spent; ML 0.05 of 0.25 kWh: 20 %.
        foreach (var text in new[] { md, html })
        {
            Assert.Contains("9.750 kWh", text);
            Assert.Contains("2.5 %", text);
            Assert.Contains("20 %", text);
            Assert.Contains("10.00 kWh", text);
        }
        var receipt = TableRows(md, "## Carbon receipt");
        Assert.Equal(5, receipt.Count);
        // The ML's emissions are what the rungs leave of the total: 50 - (2 + 8 + 30) = 10 g.
        Assert.Equal(["0.05000", "10.0"], receipt[3][1..]);
        Assert.Equal(["Total", "0.2500", "50.0"], receipt[4]);
    }

    [Fact]
    public void TheHtmlEscapesNamesAndSmiles()
    {
        var html = File.ReadAllText(CampaignReport.Write(Data(), _dir).Html);

        Assert.Contains(WebUtility.HtmlEncode(OddName), html);
        Assert.Contains("weird &lt;&amp;&gt; molecule", html);
        Assert.DoesNotContain("<&>", html);
        Assert.Contains("<td>C&amp;C</td>", html);
    }

    [Fact]
    public void EveryNoteAppearsVerbatim()
    {
        var files = CampaignReport.Write(Data(), _dir);
        var md = File.ReadAllText(files.Markdown);
        var html = File.ReadAllText(files.Html);

        foreach (var note in Notes)
        {
            Assert.Contains(note, md);
            Assert.Contains(WebUtility.HtmlEncode(note), html);
        }
    }

    [Fact]
    public void TwentyRefusedMoleculesAreListedAndTheRestCounted()
    {
        var md = File.ReadAllText(CampaignReport.Write(Data(), _dir).Markdown);

        var rows = TableRows(md, "## Refused molecules");
        Assert.Equal(Enumerable.Range(1, 20).Select(i => $"refused-{i:00}"), rows.Select(r => r[0]));
        Assert.DoesNotContain("refused-21", md);
        Assert.Contains("5 more (25 refused in all)", md);
    }

    [Fact]
    public void TheSpecAndTheComparisonsAreRepeated()
    {
        var data = Data();
        var files = CampaignReport.Write(data, _dir);
        var md = File.ReadAllText(files.Markdown);

        Assert.Contains("```yaml\n" + data.SpecText, md.ReplaceLineEndings("\n"));
        Assert.Contains(WebUtility.HtmlEncode(data.SpecText.TrimEnd('\n')), File.ReadAllText(files.Html).ReplaceLineEndings("\n"));
        var runs = TableRows(md, "## Progress");
        Assert.Equal(["this campaign", "cost-blind", "single-fidelity"], runs.Select(r => r[0]));
        Assert.Equal(["4", "0.2500", "7.300"], runs[0][1..]);
    }

    [Fact]
    public void ACampaignStoppedBeforeItsFirstBatchStillGetsAReport()
    {
        var data = Data(trajectory: []) with { Comparisons = [], Top = [] };
        var files = CampaignReport.Write(data, _dir);

        Assert.All(files.Plots, p => Assert.True(new FileInfo(p).Length > 0));
        var md = File.ReadAllText(files.Markdown);
        Assert.Contains("No batch has finished yet.", md);
        Assert.Contains("No candidate yet.", md);
        var annotation = ReportPlots.Progress(data).GetPlottables<ScottPlot.Plottables.Annotation>().Single();
        Assert.Contains("No batch has finished yet", annotation.Text);
    }

    [Fact]
    public void ReceiptEnergiesThatDoNotLineUpWithTheRungsAreRefused()
    {
        var data = Data() with { Receipt = Data().Receipt with { KwhByRung = [0.01, 0.04] } };

        var error = Assert.Throws<ArgumentException>(() => CampaignReport.Write(data, _dir));
        Assert.Contains("KwhByRung has 2 values for 3 rungs", error.Message);
    }

    [Theory]
    [InlineData(0.25, "0.2500")]
    [InlineData(1234.5678, "1235")]
    [InlineData(123456.0, "123500")]
    [InlineData(0.00012346, "0.0001235")]
    [InlineData(0.0, "0")]
    public void EnergyHasFourSignificantDigits(double kwh, string expected) => Assert.Equal(expected, ReportNumbers.Kwh(kwh));

    /// <summary>The cells of the first table after a heading, header and separator left out.</summary>
    private static List<string[]> TableRows(string markdown, string heading)
    {
        var lines = markdown.ReplaceLineEndings("\n").Split('\n');
        int start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"no '{heading}' in the summary");
        var table = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).ToList();
        return [.. table.Skip(2).Select(l => l.Trim('|').Split(" | ").Select(c => c.Trim()).ToArray())];
    }
}
