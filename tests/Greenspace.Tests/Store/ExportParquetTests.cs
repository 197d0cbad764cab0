using System.Text.Json;
using Greenspace.Engines;
using Greenspace.Records;
using Greenspace.Store.Export;
using Greenspace.Tests.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Store;

/// <summary>
/// The Parquet export read back by hyparquet, a pure-JavaScript reader with no tie to Parquet.Net, run
/// under node as a process (tools/read-parquet.mjs). Debian 12 has no pyarrow or fastparquet for pandas.
/// </summary>
public class ExportParquetTests
{
    private static readonly string Tools = Path.Combine(TestData.RepositoryRoot, "tools");

    /// <summary>The file as hyparquet reads it: {"schema": [...], "rows": [...]}.</summary>
    internal static async Task<JsonElement> ReadWithHyparquetAsync(string parquetPath)
    {
        var node = EngineEnvironment.Current.Locate("node");
        if (node is null)
            Assert.Fail("node is not on PATH, and the Parquet export is checked with hyparquet under node; run ./run.sh test, which installs nodejs, npm and the test tools");
        if (!File.Exists(Path.Combine(Tools, "node_modules", "hyparquet", "package.json")))
            Assert.Fail("hyparquet is not installed in tools/node_modules; run ./run.sh test, which runs npm ci in tools/");
        var output = await ExternalPrograms.RunAsync(Tools, node!, Path.Combine(Tools, "read-parquet.mjs"), parquetPath);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static double? Double(JsonElement row, string column) =>
        row.GetProperty(column).ValueKind == JsonValueKind.Null ? null : row.GetProperty(column).GetDouble();

    private static string? Text(JsonElement row, string column) => row.GetProperty(column).GetString();

    [Fact]
    public async Task Hyparquet_reads_one_row_per_result_with_the_stored_values_and_costs()
    {
        var contents = await ExportTestStore.GetAsync();
        var path = Path.Combine(TestData.NewTempDirectory(), "results.parquet");
        await ParquetExport.WriteAsync(path, contents.All);
        var rows = (await ReadWithHyparquetAsync(path)).GetProperty("rows").EnumerateArray().ToArray();

        Assert.Equal(contents.All.Count, rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            var (row, c) = (rows[i], contents.All[i]);
            var p = c.Result.Properties;
            Assert.Equal(c.RequestHash, Text(row, "request_hash"));
            Assert.Equal(c.Result.Succeeded ? "success" : "failed", Text(row, "status"));
            Assert.Equal(c.Program, Text(row, "program"));
            Assert.Equal(c.Result.Provenance.ProgramVersion, Text(row, "program_version"));
            Assert.Equal(c.Method, Text(row, "method"));
            Assert.Null(Text(row, "basis"));
            Assert.Equal(c.Driver.ToWire(), Text(row, "driver"));
            Assert.Equal(c.Molecule.Formula, Text(row, "formula"));
            Assert.Equal(c.Molecule.Charge, row.GetProperty("charge").GetInt32());
            Assert.Equal(c.Molecule.Multiplicity, row.GetProperty("multiplicity").GetInt32());

            Assert.Equal(p?.Energy, Double(row, "energy"));
            Assert.Equal(p?.EnergyKind.ToWire(), Text(row, "energy_kind"));
            Assert.Equal(p is null ? null : p.EnergyKind == EnergyKind.TotalElectronic ? "hartree" : "kcal/mol", Text(row, "energy_unit"));
            Assert.Equal(p?.HomoLumoGapHartree, Double(row, "homo_lumo_gap_hartree"));
            var d = p?.DipoleDebye;
            Assert.Equal(d?.X, Double(row, "dipole_x_debye"));
            Assert.Equal(d?.Y, Double(row, "dipole_y_debye"));
            Assert.Equal(d?.Z, Double(row, "dipole_z_debye"));
            if (d is { } v)
                Assert.Equal(Math.Sqrt(v.X * v.X + v.Y * v.Y + v.Z * v.Z), Double(row, "dipole_norm_debye")!.Value, 1e-12);
            else
                Assert.Null(Double(row, "dipole_norm_debye"));

            Assert.Equal(c.Result.Cost.CpuSeconds, Double(row, "cpu_seconds"));
            Assert.Equal(c.Result.Cost.WallSeconds, Double(row, "wall_seconds"));
            Assert.Equal(c.Result.Cost.PeakMemoryBytes, row.GetProperty("peak_memory_bytes").GetInt64());
            Assert.Equal(c.Result.Cost.Meter, Text(row, "meter"));
            Assert.Equal(c.Result.Provenance.Host, Text(row, "host"));
            // Microseconds in the file, milliseconds in a JavaScript Date.
            Assert.True(Math.Abs((DateTimeOffset.Parse(Text(row, "started_at")!) - c.Result.Provenance.StartedAt).TotalMilliseconds) < 1);
            Assert.True(Math.Abs((DateTimeOffset.Parse(Text(row, "ended_at")!) - c.Result.Provenance.EndedAt).TotalMilliseconds) < 1);
            Assert.Equal(c.Result.Error, Text(row, "error"));
        }
        // The failure's missing values are nulls, not zeros; GFN2's gap and MOPAC's gap are there, MMFF94 has none.
        var failed = rows.Single(r => Text(r, "status") == "failed");
        Assert.Null(Double(failed, "energy"));
        Assert.Contains("did not converge", Text(failed, "error"));
        Assert.Contains(rows, r => Text(r, "program") == "openbabel" && Double(r, "homo_lumo_gap_hartree") is null && Double(r, "energy") is not null);
    }

    [Fact]
    public async Task Columns_that_can_be_missing_are_optional_and_times_are_timestamps()
    {
        var contents = await ExportTestStore.GetAsync();
        var path = Path.Combine(TestData.NewTempDirectory(), "results.parquet");
        await ParquetExport.WriteAsync(path, contents.Successes);
        var schema = (await ReadWithHyparquetAsync(path)).GetProperty("schema").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s);

        foreach (var column in new[] { "basis", "energy_kind", "energy", "energy_unit", "homo_lumo_gap_hartree", "dipole_x_debye", "dipole_norm_debye", "error" })
            Assert.Equal("OPTIONAL", schema[column].GetProperty("repetition").GetString());
        foreach (var column in new[] { "request_hash", "status", "program", "method", "driver", "formula", "charge", "multiplicity", "cpu_seconds", "wall_seconds", "peak_memory_bytes", "meter", "host" })
            Assert.Equal("REQUIRED", schema[column].GetProperty("repetition").GetString());
        Assert.Equal("DOUBLE", schema["energy"].GetProperty("type").GetString());
        Assert.Equal("INT64", schema["peak_memory_bytes"].GetProperty("type").GetString());
        Assert.Equal("TIMESTAMP", schema["started_at"].GetProperty("logical_type").GetString());
        Assert.Equal("STRING", schema["program"].GetProperty("logical_type").GetString());
    }
}
