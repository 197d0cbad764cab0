using System.Text.Json;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Cli;

/// <summary>The ledger as a user meets it: compute runs that charge energy and carbon, and <c>greenspace ledger</c> summing them.</summary>
[Collection(Exclusive.Name)]
public class LedgerCommandTests
{
    private static JsonElement Json(CliRunner.Run run) => JsonDocument.Parse(run.Stdout[run.Stdout.IndexOf('{')..]).RootElement;

    private static string Smiles(string dir, int count)
    {
        var path = Path.Combine(dir, "qm9.csv");
        File.WriteAllLines(path, File.ReadLines(TestData.DataFile("qm9-subset", "qm9_subset_chemprop_mol_multitask.csv")).Take(count + 1));
        return path;
    }

    [Fact]
    [Trait(Category.Name, Category.Slow)]
    public async Task Track_of_a_compute_run_agrees_with_the_run_s_ledger_within_ten_percent()
    {
        var dir = TestData.NewTempDirectory();
        var store = Path.Combine(dir, "store.db");
        var input = Smiles(dir, 60);
        var tracked = await CliRunner.RunAsync(["track", "--json", "--", "dotnet", CliRunner.Assembly,
            "compute", "--store", store, "--method", "gfn2", "--driver", "optimization", "--input", input, "--json"]);
        Assert.True(tracked.ExitCode == 0, tracked.Stderr);
        // The compute's JSON comes first on stdout, then track's measurement.
        var stdout = tracked.Stdout;
        int split = stdout.LastIndexOf("{\n  \"command\"", StringComparison.Ordinal);
        var compute = JsonDocument.Parse(stdout[..split]).RootElement;
        var measured = JsonDocument.Parse(stdout[split..]).RootElement;
        double ledgerCpu = compute.GetProperty("ledger").GetProperty("total").GetProperty("cpu_seconds").GetDouble();
        double trackedCpu = measured.GetProperty("cpu_seconds").GetDouble();
        Assert.Equal(1.0, ledgerCpu / trackedCpu, 0.10);
        // Every kind of cost is there: the calculations, the SMILES batches and the orchestrator.
        var byKind = compute.GetProperty("ledger").GetProperty("by_kind");
        Assert.Equal(60, byKind.GetProperty("calculation").GetProperty("entries").GetInt32());
        Assert.True(byKind.GetProperty("smiles").GetProperty("entries").GetInt32() >= 2);
        Assert.Equal(1, byKind.GetProperty("orchestrator").GetProperty("entries").GetInt32());
    }

    [Fact]
    public async Task The_ledger_sums_the_runs_and_a_repeated_run_avoids_what_the_first_one_spent()
    {
        var dir = TestData.NewTempDirectory();
        var store = Path.Combine(dir, "store.db");
        var input = Smiles(dir, 12);
        string[] compute = ["compute", "--store", store, "--method", "gfn2", "--input", input, "--json"];
        var first = Json(await CliRunner.RunAsync(compute)).GetProperty("ledger");
        var second = Json(await CliRunner.RunAsync(compute)).GetProperty("ledger");

        double firstCalculations = first.GetProperty("by_kind").GetProperty("calculation").GetProperty("energy_kwh").GetDouble();
        Assert.True(firstCalculations > 0);
        Assert.False(second.GetProperty("by_kind").TryGetProperty("calculation", out _));
        Assert.Equal(12, second.GetProperty("answers_from_store").GetInt32());
        Assert.Equal(firstCalculations, second.GetProperty("energy_avoided_kwh").GetDouble(), 1e-15);

        var ledger = Json(await CliRunner.RunAsync(["ledger", "--store", store, "--json"]));
        Assert.Equal(2, ledger.GetProperty("runs").GetInt32());
        double runs = first.GetProperty("total").GetProperty("energy_kwh").GetDouble() + second.GetProperty("total").GetProperty("energy_kwh").GetDouble();
        Assert.Equal(runs, ledger.GetProperty("total").GetProperty("energy_kwh").GetDouble(), 1e-15);
        Assert.Equal(firstCalculations, ledger.GetProperty("energy_avoided_kwh").GetDouble(), 1e-15);
        // Bands bracket the central figure, and the store's assumptions are printed, not hidden.
        var total = ledger.GetProperty("total");
        Assert.InRange(total.GetProperty("energy_kwh").GetDouble(), total.GetProperty("energy_low_kwh").GetDouble(), total.GetProperty("energy_high_kwh").GetDouble());
        Assert.Contains("gCO2e/kWh", first.GetProperty("carbon_intensity").GetString());
        Assert.Contains("modelled", first.GetProperty("energy_counters").GetString());
    }

    [Fact]
    public async Task A_missing_store_is_a_usage_error()
    {
        var run = await CliRunner.RunAsync(["ledger", "--store", "/nonexistent/store.db"]);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("there is no store at /nonexistent/store.db", run.Stderr);
    }
}
