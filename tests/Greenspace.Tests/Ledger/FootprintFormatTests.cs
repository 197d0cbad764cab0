using Greenspace.Ledger;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Ledger;

/// <summary>The SusML table's way of writing figures, checked on the perspective's own rows, and the calculator's CSV columns.</summary>
public sealed class FootprintFormatTests
{
    private static readonly GreenAlgorithmsCalculator Calculator = new(GreenAlgorithmsTables.Default);
    private static readonly string SusMl = TestData.DataFile("susml", "green-algorithms-v3.1-runs.csv");

    [Theory]
    // The perspective reports QM7-X at 3.27 M CPU-hours and 9.14 t, OMol25 at 6.6 B CPU-hours and 20,600 t, MACE-MP-0 at 237 kg.
    [InlineData("QM7-X", "3.27 M CPU-hours", "9.14 t CO2e")]
    [InlineData("OMol25", "6.60 B CPU-hours", "20,600 t CO2e")]
    [InlineData("MACE-MP-0", "2,640 GPU-hours", "237 kg CO2e")]
    public void SusMl_rows_read_as_the_perspective_prints_them(string name, string time, string carbon)
    {
        var row = GreenAlgorithmsCsv.Read(SusMl).Single(r => r.Job.Name == name);
        var line = FootprintFormat.SusMlRow(name, "data set", Calculator.Compute(row.Job));
        Assert.Equal($"| {name} | data set | {time} | {carbon} |", line);
    }

    [Fact]
    public void Our_csv_has_the_calculators_header_and_reads_back_to_the_same_figures()
    {
        var results = GreenAlgorithmsCsv.Read(SusMl).Select(r => Calculator.Compute(r.Job)).ToList();
        var text = GreenAlgorithmsCsv.ToText(results);
        Assert.Equal(File.ReadLines(SusMl).First(), text.Split('\n')[0].TrimEnd('\r'));
        var again = GreenAlgorithmsCsv.Read(new StringReader(text), "ours.csv");
        for (int i = 0; i < results.Count; i++)
        {
            var recomputed = Calculator.Compute(again[i].Job);
            Assert.Equal(results[i].EnergyNeededKwh, recomputed.EnergyNeededKwh, 6);
            Assert.Equal(results[i].ManufacturingCarbonEmissionsGco2e, again[i].Reported!.ManufacturingCarbonEmissionsGco2e!.Value, 6);
        }
    }
}
