using System.Globalization;
using System.Text.RegularExpressions;
using Greenspace.Records;
using Greenspace.Store.Export;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Store;

/// <summary>The card beside an export: its counts and CPU hours agree with the store, and it says what it does not know.</summary>
public class ExportDatasetCardTests
{
    [Fact]
    public async Task The_card_counts_what_the_file_holds_sums_its_CPU_hours_and_marks_the_unknown_licence()
    {
        var contents = await ExportTestStore.GetAsync();
        var output = Path.Combine(TestData.NewTempDirectory(), "results.extxyz");
        var written = await StoreExport.WriteAsync(contents.All, ExportFormat.ExtXyz, output, contents.StorePath, new ExportSelection(IncludeFailures: true));

        Assert.Equal(output + ".card.md", written.CardPath);
        var card = File.ReadAllText(written.CardPath);

        // The table's rows, program | version | method | basis | driver | status | results, against the store's own counts.
        var rows = card.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| program", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal))
            .Select(l => l.Trim('|', ' ').Split('|').Select(s => s.Trim()).ToArray())
            .ToDictionary(r => (r[0], r[2], r[4], r[5]), r => int.Parse(r[6], CultureInfo.InvariantCulture));
        var expected = contents.All.GroupBy(c => (c.Program, c.Method, Driver: c.Driver.ToWire(), Status: c.Result.Succeeded ? "success" : "failed"))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.OrderBy(kv => kv.Key), rows.OrderBy(kv => kv.Key));
        Assert.Equal(1, rows[("xtb", "gfn2", "energy", "failed")]);

        var cpuHours = double.Parse(Regex.Match(card, @"([0-9.]+) CPU hours").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(contents.All.Sum(c => c.Result.Cost.CpuSeconds) / 3600, cpuHours, 1e-6);

        // Each kind of energy in the file with its unit and zero.
        Assert.Contains("`total_energy` (hartree): zero is nuclei and electrons at rest", card);
        Assert.Contains("`heat_of_formation` (kcal/mol): zero is elements in their standard states at 298.15 K", card);
        Assert.Contains("`force_field_energy` (kcal/mol)", card);
        Assert.Contains(contents.StorePath, card);
        Assert.Contains(DatasetCard.LicencePlaceholder, card);
        Assert.Contains("12 results: 11 successful, 1 failed", card);
    }
}
