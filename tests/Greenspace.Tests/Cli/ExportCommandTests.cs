using System.Text.Json;
using Greenspace.Tests.Store;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Cli;

/// <summary><c>greenspace export</c> run as a user runs it (the real program as a process) on a store the real programs filled.</summary>
public class ExportCommandTests
{
    private static JsonElement[] Lines(string path) => [.. File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement)];

    [Fact]
    public async Task Include_failed_exports_the_failure_with_its_error_and_without_it_only_successes_go_out()
    {
        var contents = await ExportTestStore.GetAsync();
        var dir = TestData.NewTempDirectory();
        var all = Path.Combine(dir, "all.jsonl");
        var run = await CliRunner.RunAsync(["export", "--format", "qcschema", "--output", all, "--store", contents.StorePath, "--include-failed"]);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.Contains($"Wrote {contents.All.Count} results ({contents.Successes.Count} successful, 1 failed)", run.Stdout);
        Assert.Contains(all, run.Stdout);
        Assert.True(File.Exists(all + ".card.md"));
        var records = Lines(all);
        Assert.Equal(contents.All.Count, records.Length);
        var failure = Assert.Single(records, r => !r.GetProperty("success").GetBoolean());
        Assert.Equal(contents.Failure.Result.Error, failure.GetProperty("error").GetProperty("error_message").GetString());

        var successes = Path.Combine(dir, "successes.jsonl");
        run = await CliRunner.RunAsync(["export", "--format", "qcschema", "--output", successes, "--store", contents.StorePath]);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(contents.Successes.Count, Lines(successes).Length);
        Assert.All(Lines(successes), r => Assert.True(r.GetProperty("success").GetBoolean()));
    }

    [Fact]
    public async Task Program_and_method_select_what_is_exported()
    {
        var contents = await ExportTestStore.GetAsync();
        var output = Path.Combine(TestData.NewTempDirectory(), "mopac.parquet");
        var run = await CliRunner.RunAsync(["export", "-f", "parquet", "-o", output, "--store", contents.StorePath, "--program", "MOPAC", "--method", "pm7"]);
        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        var rows = (await ExportParquetTests.ReadWithHyparquetAsync(output)).GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(contents.Successes.Count(c => c.Program == "mopac"), rows.Length);
        Assert.All(rows, r => Assert.Equal("heat_of_formation", r.GetProperty("energy_kind").GetString()));
    }

    [Fact]
    public async Task Bad_usage_exits_2_with_one_sentence_and_writes_nothing()
    {
        var contents = await ExportTestStore.GetAsync();
        var dir = TestData.NewTempDirectory();
        var output = Path.Combine(dir, "out.extxyz");
        var missingStore = Path.Combine(dir, "no-such-store.db");

        async Task<string> Refused(string[] args, string expected)
        {
            var run = await CliRunner.RunAsync(args);
            Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}: {run.Stderr}{run.Stdout}");
            var sentence = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(expected, sentence);
            Assert.False(File.Exists(output));
            return sentence;
        }

        await Refused(["export", "--format", "extxyz", "--output", output, "--store", missingStore], "there is no store at");
        Assert.False(File.Exists(missingStore)); // an export never creates an empty store
        await Refused(["export", "--format", "sdf", "--output", output, "--store", contents.StorePath], "--format 'sdf' is not one of extxyz, qcschema, parquet");
        await Refused(["export", "--format", "extxyz", "--store", contents.StorePath], "--output");
        await Refused(["export", "--output", output, "--store", contents.StorePath], "--format");
        await Refused(["export", "--format", "extxyz", "--output", output, "--store", contents.StorePath, "--program", "psi4"], "holds no successful results of program psi4");
    }
}
