using Greenspace.Ledger;
using Greenspace.Tests.Support;
using Xunit.Abstractions;

namespace Greenspace.Tests.Ledger;

/// <summary>
/// The SusML table's Green Algorithms v3.1 runs (data/susml), recomputed from their inputs with every
/// value our tables resolve left blank, against the figures the calculator itself reported.
/// </summary>
public sealed class GreenAlgorithmsReproductionTests(ITestOutputHelper output)
{
    private static readonly GreenAlgorithmsTables Tables = GreenAlgorithmsTables.Default;

    /// <summary>The row's inputs with tdpCPU, the chip's cores and die area, tdpGPU, the GPU's die and memory, carbonIntensity and a defaulted PUE blanked where the tables know the model or location.</summary>
    private static (GreenAlgorithmsJob Job, List<string> Blanked) Blank(GreenAlgorithmsJob job)
    {
        var blanked = new List<string>();
        if (job.UsesCpu && Tables.FindCpu(job.CpuModel) is not null && job.CpuModel != "other")
        {
            job = job with { CpuTdpW = null, CpuModelCores = null, CpuDieAreaCm2 = null };
            blanked.Add("tdpCPU");
        }
        if (job.UsesGpu && Tables.FindGpu(job.GpuModel) is not null && job.GpuModel != "other")
        {
            job = job with { GpuTdpW = null, GpuDieAreaCm2 = null, GpuMemoryGb = null };
            blanked.Add("tdpGPU");
        }
        if (Tables.FindZone(job.Location) is not null)
        {
            job = job with { CarbonIntensityGramsPerKwh = null };
            blanked.Add("carbonIntensity");
        }
        if (!job.PueGiven)
        {
            job = job with { Pue = null };
            blanked.Add("PUE");
        }
        return (job, blanked);
    }

    [Fact]
    public void Every_susml_row_is_reproduced_from_the_tables()
    {
        var rows = GreenAlgorithmsCsv.Read(TestData.DataFile("susml", "green-algorithms-v3.1-runs.csv"));
        Assert.Equal(13, rows.Count);
        var calculator = new GreenAlgorithmsCalculator(Tables);
        int blankedCi = 0, blankedTdp = 0;
        output.WriteLine("row | power W ours/theirs | energy kWh ours/theirs | carbon g ours/theirs | embodied g ours/theirs | abiotic kgSbe ours/theirs | blanked");
        foreach (var row in rows)
        {
            var (job, blanked) = Blank(row.Job);
            blankedCi += blanked.Contains("carbonIntensity") ? 1 : 0;
            blankedTdp += blanked.Contains("tdpCPU") || blanked.Contains("tdpGPU") ? 1 : 0;
            var ours = calculator.Compute(job);
            var theirs = row.Reported!;
            output.WriteLine($"{job.Name} | {ours.PowerNeededW:G6}/{theirs.PowerNeededW:G6} ({Ratio(ours.PowerNeededW, theirs.PowerNeededW)}) | "
                + $"{ours.EnergyNeededKwh:G6}/{theirs.EnergyNeededKwh:G6} ({Ratio(ours.EnergyNeededKwh, theirs.EnergyNeededKwh)}) | "
                + $"{ours.CarbonEmissionsGco2e:G6}/{theirs.CarbonEmissionsGco2e:G6} ({Ratio(ours.CarbonEmissionsGco2e, theirs.CarbonEmissionsGco2e)}) | "
                + $"{ours.ManufacturingCarbonEmissionsGco2e:G6}/{theirs.ManufacturingCarbonEmissionsGco2e:G6} ({Ratio(ours.ManufacturingCarbonEmissionsGco2e, theirs.ManufacturingCarbonEmissionsGco2e)}) | "
                + $"{ours.ManufacturingAbioticResourcesKgSbe:G6}/{theirs.ManufacturingAbioticResourcesKgSbe:G6} ({Ratio(ours.ManufacturingAbioticResourcesKgSbe, theirs.ManufacturingAbioticResourcesKgSbe)}) | {string.Join(",", blanked)}");
            AssertWithin(theirs.PowerNeededW, ours.PowerNeededW, 1e-3, job.Name, "power_needed");
            AssertWithin(theirs.EnergyNeededKwh, ours.EnergyNeededKwh, 1e-3, job.Name, "energy_needed");
            AssertWithin(theirs.CarbonEmissionsGco2e, ours.CarbonEmissionsGco2e, 1e-3, job.Name, "carbonEmissions");
            AssertWithin(theirs.ManufacturingCarbonEmissionsGco2e, ours.ManufacturingCarbonEmissionsGco2e, 1e-2, job.Name, "manufacturing_carbonEmissions");
            // The abiotic-depletion constants are not in the v3.1 files we could read; the export checks them.
            AssertWithin(theirs.ManufacturingAbioticResourcesKgSbe, ours.ManufacturingAbioticResourcesKgSbe, 1e-2, job.Name, "manufacturing_abiotic_resources");
        }
        // Every row names a location the tables know; the named chips (Xeon Platinum 8460Y+, Average, H100 PCIe) come from the tables too.
        Assert.Equal(rows.Count, blankedCi);
        Assert.Equal(7, blankedTdp);
    }

    [Fact]
    public void The_average_cpu_is_the_calculators_7_46_watts_per_core()
    {
        Assert.Equal(7.459, Tables.AverageCpu.TdpPerCoreW, 3);
    }

    [Fact]
    public void A_row_read_from_the_export_carries_no_result_into_the_job()
    {
        // The export's own results must not feed the model: a row whose result columns are nonsense still gives the same figures.
        var path = TestData.DataFile("susml", "green-algorithms-v3.1-runs.csv");
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(';');
        var resultColumns = new HashSet<string>(GreenAlgorithmsCsv.Columns[34..]);
        var scrambled = lines.Take(2).Concat(lines.Skip(2).Select(l =>
            string.Join(';', l.Split(';').Select((cell, i) => resultColumns.Contains(header[i]) ? "1" : cell)))).ToArray();
        var original = GreenAlgorithmsCsv.Read(path);
        var altered = GreenAlgorithmsCsv.Read(new StringReader(string.Join('\n', scrambled)), "scrambled.csv");
        var calculator = new GreenAlgorithmsCalculator(Tables);
        for (int i = 0; i < original.Count; i++)
            Assert.Equal(calculator.Compute(original[i].Job).CarbonEmissionsGco2e, calculator.Compute(altered[i].Job).CarbonEmissionsGco2e);
    }

    private static string Ratio(double ours, double? theirs) => theirs is null or 0 ? "n/a" : $"{ours / theirs.Value:F6}";

    private static void AssertWithin(double? expected, double actual, double relative, string? row, string column)
    {
        Assert.NotNull(expected);
        var error = Math.Abs(actual - expected.Value) / Math.Abs(expected.Value);
        Assert.True(error <= relative, $"{row}: {column} ours {actual:R} theirs {expected:R} (relative error {error:E2} > {relative:E0})");
    }
}
