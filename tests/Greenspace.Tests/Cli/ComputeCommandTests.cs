using System.Text.Json;
using Greenspace.Chemistry;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Cli;

/// <summary>
/// <c>greenspace compute</c> as a user runs it: the real program as a process, the real xtb and Open
/// Babel, a real SQLite file, and engine starts counted by a wrapper first on PATH, independently of the store.
/// </summary>
public class ComputeCommandTests
{
    private static readonly Molecule[] Molecules = XyzFormat.Read(new StreamReader(TestData.DataFile("qm7", "qm7_pbe0_dftb.xyz")), "qm7")
        .Select(r => r.Molecule!).Skip(20).Take(6).ToArray();

    private static Dictionary<string, string> Env(CountingWrapper wrapper, string store) => new()
    {
        ["PATH"] = wrapper.SearchPath,
        ["GREENSPACE_STORE"] = store,
    };

    private static JsonElement Summary(CliRunner.Run run) => JsonDocument.Parse(run.Stdout).RootElement.GetProperty("summary");

    private static JsonElement[] Records(CliRunner.Run run) => [.. JsonDocument.Parse(run.Stdout).RootElement.GetProperty("records").EnumerateArray()];

    private static int CalculationStarts(CountingWrapper w) => w.Starts.Count(s => !s.Contains("--version"));

    [Fact]
    public async Task A_second_compute_and_a_reformatted_copy_answer_everything_from_the_store_and_start_no_engine()
    {
        var dir = TestData.NewTempDirectory();
        var store = Path.Combine(dir, "store.db");
        var xyz = Path.Combine(dir, "molecules.xyz");
        using (var w = new StreamWriter(xyz))
            foreach (var m in Molecules)
                XyzFormat.Write(w, m);
        var wrapper = new CountingWrapper("xtb", "/usr/bin/xtb");

        var first = await CliRunner.RunAsync(["compute", "--method", "gfn2", "--input", xyz, "-k", "acc=1.0", "-k", "etemp=300", "--json"], Env(wrapper, store));
        Assert.True(first.ExitCode == 0, first.Stderr + first.Stdout);
        Assert.Equal(Molecules.Length, Summary(first).GetProperty("computed").GetInt32());
        Assert.Equal(Molecules.Length, CalculationStarts(wrapper));
        int starts = wrapper.Starts.Count;

        var second = await CliRunner.RunAsync(["compute", "--method", "gfn2", "--input", xyz, "-k", "acc=1.0", "-k", "etemp=300", "--json"], Env(wrapper, store));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(Molecules.Length, Summary(second).GetProperty("from_store").GetInt32());
        Assert.Equal(0, Summary(second).GetProperty("computed").GetInt32());
        Assert.Equal(starts, wrapper.Starts.Count);
        Assert.True(Summary(second).GetProperty("cpu_seconds_avoided").GetDouble() > 0);

        // The same molecules as SDF, each with its atoms in reverse order, and the keywords in the other order.
        var sdf = Path.Combine(dir, "molecules.sdf");
        using (var w = new StreamWriter(sdf))
            SdfFormat.Write(w, Molecules.Select(m => m.Permute(Enumerable.Range(0, m.AtomCount).Reverse().ToArray())));
        var reformatted = await CliRunner.RunAsync(["compute", "--method", "gfn2", "--input", sdf, "-k", "etemp=300.0", "-k", "acc=1", "--json"], Env(wrapper, store));
        Assert.Equal(0, reformatted.ExitCode);
        Assert.Equal(Molecules.Length, Summary(reformatted).GetProperty("from_store").GetInt32());
        Assert.Equal(starts, wrapper.Starts.Count);
        Assert.Equal(Records(first).Select(r => r.GetProperty("energy").GetDouble()), Records(reformatted).Select(r => r.GetProperty("energy").GetDouble()));
    }

    [Fact]
    public async Task Two_processes_started_at_once_on_one_store_run_every_request_exactly_once_between_them()
    {
        var dir = TestData.NewTempDirectory();
        var store = Path.Combine(dir, "store.db");
        var xyz = Path.Combine(dir, "molecules.xyz");
        var many = XyzFormat.Read(new StreamReader(TestData.DataFile("qm7", "qm7_pbe0_dftb.xyz")), "qm7").Select(r => r.Molecule!).Skip(100).Take(40).ToArray();
        using (var w = new StreamWriter(xyz))
            foreach (var m in many)
                XyzFormat.Write(w, m);
        var wrapper = new CountingWrapper("xtb", "/usr/bin/xtb");
        string[] args = ["compute", "--method", "gfn2", "--driver", "optimization", "--input", xyz, "--json"];
        var runs = await Task.WhenAll(CliRunner.RunAsync(args, Env(wrapper, store)), CliRunner.RunAsync(args, Env(wrapper, store)));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        var computedStarts = wrapper.Starts.Where(s => !s.Contains("--version")).Select(s => s.Split(' ', 2)[1]).ToList();
        Assert.Equal(many.Length, computedStarts.Count);
        Assert.Equal(many.Length, runs.Sum(r => Summary(r).GetProperty("computed").GetInt32()));
        Assert.All(runs, r => Assert.Equal(many.Length, Summary(r).GetProperty("done").GetInt32()));
    }

    [Fact]
    public async Task Bad_smiles_among_good_ones_are_each_named_every_good_one_is_computed_and_the_exit_code_is_1()
    {
        var dir = TestData.NewTempDirectory();
        var smi = Path.Combine(dir, "mixed.smi");
        File.WriteAllLines(smi, ["CCO ethanol", "[Xx] unknown-element", "CC(=O)O acetic-acid", "C(( broken", "c1ccccc1 benzene", "xx(( garbage", "[Na+].[O-]C(=O)C sodium-acetate", "C[C@H](N)C(=O)O L-alanine"]);
        var wrapper = new CountingWrapper("xtb", "/usr/bin/xtb");
        var run = await CliRunner.RunAsync(["compute", "--method", "gfn2", "--input", smi, "--json"], Env(wrapper, Path.Combine(dir, "store.db")));

        Assert.Equal(1, run.ExitCode);
        var records = Records(run);
        string Status(int line) => records[line - 1].GetProperty("status").GetString()!;
        string Error(int line) => records[line - 1].GetProperty("error").GetString()!;
        Assert.Equal(["done", "failed", "done", "failed", "done", "failed", "done", "done"], records.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("mixed.smi line 2", records[1].GetProperty("location").GetString());
        Assert.Contains("'[Xx]' does not name an element", Error(2));
        Assert.Contains("the SMILES 'C((' is not valid", Error(4));
        Assert.Contains("'x' is not an element of the organic subset", Error(6));
        Assert.Equal("C2H6O", records[0].GetProperty("formula").GetString());
        Assert.Equal("C2H3O2", records[6].GetProperty("formula").GetString());
        Assert.Contains("dropped [Na+]", records[6].GetProperty("note").GetString());
        Assert.Equal("done", Status(8));
        Assert.Contains("@", records[7].GetProperty("canonical_smiles").GetString());
        Assert.Equal("QNAYBMKLOCPYGJ-REOHCLBHSA-N", records[7].GetProperty("inchikey").GetString()); // L-alanine's standard InChIKey
    }

    [Fact]
    public async Task Bad_xyz_frames_among_good_ones_are_each_named_and_the_good_ones_computed()
    {
        var dir = TestData.NewTempDirectory();
        var xyz = Path.Combine(dir, "mixed.xyz");
        File.WriteAllText(xyz, """
            3
            water
            O 0 0 0.1173
            H 0 0.7572 -0.4692
            H 0 -0.7572 -0.4692
            2
            unknown element
            Xx 0 0 0
            H 0 0 1
            0
            empty frame
            2
            hydrogen fluoride
            H 0 0 0
            F 0 0 0.917
            """);
        var wrapper = new CountingWrapper("xtb", "/usr/bin/xtb");
        var run = await CliRunner.RunAsync(["compute", "--method", "gfn2", "--input", xyz, "--json"], Env(wrapper, Path.Combine(dir, "store.db")));
        Assert.Equal(1, run.ExitCode);
        var records = Records(run);
        Assert.Equal(["done", "failed", "failed", "done"], records.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("Xx", records[1].GetProperty("error").GetString());
        Assert.Equal(2, CalculationStarts(wrapper));
    }

    [Fact]
    public async Task A_missing_file_an_unknown_method_and_a_missing_basis_are_usage_errors_with_exit_code_2()
    {
        var missing = await CliRunner.RunAsync(["compute", "--method", "gfn2", "--input", "/nonexistent/file.xyz"]);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("/nonexistent/file.xyz does not exist", missing.Stderr);
        var water = Path.Combine(TestData.NewTempDirectory(), "w.xyz");
        File.WriteAllText(water, "1\n\nHe 0 0 0\n");
        var unknown = await CliRunner.RunAsync(["compute", "--method", "blyp3", "--input", water]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("does not know which program runs the method 'blyp3'", unknown.Stderr);
        var noBasis = await CliRunner.RunAsync(["compute", "--method", "b3lyp", "--input", water]);
        Assert.Equal(2, noBasis.ExitCode);
        Assert.Contains("needs a basis set", noBasis.Stderr);
    }

    [Fact]
    public async Task Engines_lists_every_engine_with_its_version()
    {
        var run = await CliRunner.RunAsync(["engines", "--json"]);
        var engines = JsonDocument.Parse(run.Stdout).RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("engine").GetString()!);
        Assert.True(engines["xtb"].GetProperty("found").GetBoolean());
        Assert.Equal("6.5.1", engines["xtb"].GetProperty("version").GetString());
    }
}
