using Greenspace.Campaigns;
using Greenspace.Learning.Models;
using Greenspace.Records;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Campaigns;

public class CampaignSpecReaderTests
{
    // A small valid spec; each failure test changes one line of it (With checks the line is there).
    private const string Valid = """
        name: test
        library:
          bundled: qm9-subset
        objective:
          goal: maximise
          rung: b3lyp
        rungs:
          - name: gfn2
            program: xtb
            method: GFN2-xTB
            driver: optimization
            property: gap
          - name: b3lyp
            program: psi4
            method: b3lyp
            basis: 6-31G*
            property: gap
        budget:
          kwh: 0.5
        """;

    private static string With(string oldText, string newText)
    {
        Assert.Contains(oldText, Valid);
        return Valid.Replace(oldText, newText);
    }

    private static CampaignSpec Parse(string yaml, string? folder = null) =>
        CampaignSpecReader.Parse(yaml, folder ?? TestData.RepositoryRoot, "test.yaml");

    private static CampaignSpecException Fails(string yaml, string? folder = null) =>
        Assert.Throws<CampaignSpecException>(() => Parse(yaml, folder));

    private static string Campaign(string file) => Path.Combine(TestData.RepositoryRoot, "campaigns", file);

    [Fact]
    public void The_qm9_gap_example_reads_as_written()
    {
        var spec = CampaignSpecReader.Read(Campaign("qm9-gap.yaml"));

        Assert.Equal("qm9-gap", spec.Name);
        Assert.Equal(1, spec.Seed);
        Assert.Null(spec.Library.Path);
        Assert.Equal("qm9-subset", spec.Library.Bundled);
        Assert.Equal(new[] { 0 }, spec.Library.Charges);
        Assert.Empty(spec.Library.Elements);
        Assert.Null(spec.Library.Limit);

        Assert.Equal(ObjectiveGoal.Maximise, spec.Objective.Goal);
        Assert.Equal("b3lyp", spec.Objective.Rung);
        Assert.Equal(ObjectiveGrouping.None, spec.Objective.GroupBy);
        Assert.Equal(1, spec.TargetRung);

        Assert.Equal(2, spec.Rungs.Length);
        var gfn2 = spec.Rungs[0];
        Assert.Equal(new RungSpec("gfn2", "xtb", "GFN2-xTB", null, Driver.Optimization, RungProperty.Gap, "input"), gfn2);
        Assert.True(gfn2.UsesInputGeometry);
        var b3lyp = spec.Rungs[1];
        Assert.Equal(new RungSpec("b3lyp", "psi4", "b3lyp", "6-31G*", Driver.Energy, RungProperty.Gap, "gfn2"), b3lyp);
        Assert.Null(b3lyp.Replay);

        Assert.Equal(0.0008, spec.Budget.Kwh);
        Assert.Null(spec.Budget.Calculations);
        Assert.Null(spec.Budget.GramsCo2e);
        Assert.Null(spec.Budget.Wall);
        Assert.Equal(5, spec.BatchSize);
        Assert.Equal(5, spec.Start.Diverse);
        Assert.True(spec.Start.CheapestEverywhere);
        Assert.True(spec.Start.Warm);
        Assert.Equal(AcquisitionFunction.ExpectedImprovement, spec.Acquisition.Function);
        Assert.Equal(SurrogateRepresentation.BagOfBonds, spec.Surrogate.Representation);
        Assert.Null(spec.Output);
        Assert.Equal(Path.Combine(TestData.RepositoryRoot, "campaigns"), spec.BaseDirectory);
    }

    [Fact]
    public void The_qm7_isomers_example_reads_as_written()
    {
        var spec = CampaignSpecReader.Read(Campaign("qm7-isomers.yaml"));

        Assert.Equal("qm7-isomers", spec.Name);
        Assert.Equal("qm7", spec.Library.Bundled);
        Assert.Null(spec.Library.Path);
        Assert.Equal(ObjectiveGoal.Minimise, spec.Objective.Goal);
        Assert.Equal("pbe0", spec.Objective.Rung);
        Assert.Equal(ObjectiveGrouping.Formula, spec.Objective.GroupBy);
        Assert.Equal(1, spec.TargetRung);

        Assert.Equal(new RungSpec("gfn2", "xtb", "GFN2-xTB", null, Driver.Energy, RungProperty.Energy, "input"), spec.Rungs[0]);
        var pbe0 = spec.Rungs[1];
        Assert.Equal("pbe0", pbe0.Name);
        Assert.Equal("qm7:pbe0", pbe0.Replay);
        Assert.Equal("psi4", pbe0.Program);
        Assert.Equal("pbe0", pbe0.Method);
        Assert.Equal("def2-TZVP", pbe0.Basis);
        Assert.Equal(RungProperty.AtomizationEnergy, pbe0.Property);
        Assert.Equal("input", pbe0.Geometry);

        Assert.Equal(10, spec.Library.MinIsomers);
        Assert.Equal(0.06, spec.Budget.Kwh);
        Assert.Null(spec.Budget.Calculations);
        Assert.Equal(10, spec.BatchSize);
        Assert.Equal(0, spec.Start.Diverse);
        Assert.True(spec.Start.CheapestEverywhere);
        Assert.False(spec.Start.Warm);
        Assert.Equal(SurrogateRepresentation.Slatm, spec.Surrogate.Representation);
        Assert.Equal(AcquisitionFunction.ProbabilityOfBest, spec.Acquisition.Function);
    }

    [Fact]
    public void The_qm7_relative_example_seeks_one_percent_relative_to_each_formulas_mean()
    {
        var spec = CampaignSpecReader.Read(Campaign("qm7-relative.yaml"));

        Assert.Equal(ObjectiveGrouping.Formula, spec.Objective.GroupBy);
        Assert.Equal(ObjectiveReference.GroupMean, spec.Objective.RelativeTo);
        Assert.Equal(0.01, spec.Objective.TopFraction);
        // The issue's count: 1 % of the 6,771 molecules of the 85 formulas with at least 10 isomers is 67.
        Assert.Equal(67, spec.Objective.SoughtCount(6771));
    }

    [Fact]
    public void A_learn_objective_stops_at_its_target_unless_told_to_run_to_its_budget()
    {
        var learn = CampaignSpecReader.Read(Campaign("qm7-learn.yaml"));
        Assert.False(learn.Objective.RunToBudget);
        var yaml = File.ReadAllText(Campaign("qm7-learn.yaml")).Replace("  target_mae:", "  run_to_budget: true\n  target_mae:");
        Assert.Contains("run_to_budget", yaml);
        Assert.True(Parse(yaml, Path.Combine(TestData.RepositoryRoot, "campaigns")).Objective.RunToBudget);
    }

    [Fact]
    public void Defaults_apply_where_the_spec_is_silent()
    {
        var spec = Parse(Valid);
        Assert.Equal(1, spec.Seed);
        Assert.Equal(10, spec.BatchSize);
        Assert.Equal(new AcquisitionSpec(), spec.Acquisition);
        Assert.Equal(new StartSpec(), spec.Start);
        Assert.Equal(Driver.Energy, spec.Rungs[1].Driver);
        Assert.Equal(new[] { 1, 3.16, 10, 31.6, 100 }, spec.Surrogate.WidthsOverMedian);
        Assert.Equal(10, spec.Objective.Top);
    }

    [Fact]
    public void Synonyms_and_every_section_map_to_the_records()
    {
        var spec = Parse("""
            name: all
            seed: 7
            library: {bundled: QM9-subset, elements: [c, H, O, 7], charges: [0, 1], max_atoms: 20, limit: 100}
            objective: {goal: minimize, rung: a, group_by: formula, top: 3}
            rungs:
              - {name: a, program: XTB, method: gfn2, driver: sp, property: heat_of_formation, expected_cpu_seconds: 1.5, keywords: {acc: 0.1, etemp: 300}}
            budget: {kwh: 2, gco2e: 300, wall: 1h30m, calculations: 50}
            batch_size: 4
            acquisition: {function: upper_confidence_bound, kappa: 0, xi: 0.1, samples: 64, cost_aware: false, target_rung_only: true}
            start: {diverse: 0, warm: false, cheapest_everywhere: true}
            surrogate: {representation: coulomb_matrix, widths_over_median: [2, 20], lambdas: [0.001], rho: 1, validation: leave-one-out, variance: leave-one-out}
            output: reports/all
            """);
        Assert.Equal(7, spec.Seed);
        Assert.Equal("qm9-subset", spec.Library.Bundled);
        Assert.Equal(new[] { "C", "H", "O", "N" }, spec.Library.Elements);
        Assert.Equal(new[] { 0, 1 }, spec.Library.Charges);
        Assert.Equal(20, spec.Library.MaxAtoms);
        Assert.Equal(100, spec.Library.Limit);
        Assert.Equal(ObjectiveGoal.Minimise, spec.Objective.Goal);
        Assert.Equal(ObjectiveGrouping.Formula, spec.Objective.GroupBy);
        Assert.Equal(3, spec.Objective.Top);
        var a = spec.Rungs.Single();
        Assert.Equal("xtb", a.Program);
        Assert.Equal(Driver.Energy, a.Driver);
        Assert.Equal(RungProperty.HeatOfFormation, a.Property);
        Assert.Equal(1.5, a.ExpectedCpuSeconds);
        Assert.Equal(new[] { "acc", "etemp" }, a.Keywords.Keys);
        Assert.Equal("0.1", a.Keywords["acc"]);
        Assert.Equal(2, spec.Budget.Kwh);
        Assert.Equal(300, spec.Budget.GramsCo2e);
        Assert.Equal(TimeSpan.FromMinutes(90), spec.Budget.Wall);
        Assert.Equal(50, spec.Budget.Calculations);
        Assert.Equal(4, spec.BatchSize);
        Assert.Equal(new AcquisitionSpec { Function = AcquisitionFunction.UpperConfidenceBound, Kappa = 0, Xi = 0.1, Samples = 64, CostAware = false, TargetRungOnly = true }, spec.Acquisition);
        Assert.Equal(new StartSpec { Diverse = 0, Warm = false, CheapestEverywhere = true }, spec.Start);
        Assert.Equal(SurrogateRepresentation.CoulombMatrix, spec.Surrogate.Representation);
        Assert.Equal(new[] { 2.0, 20.0 }, spec.Surrogate.WidthsOverMedian);
        Assert.Equal(new[] { 0.001 }, spec.Surrogate.Lambdas);
        Assert.Equal(1.0, spec.Surrogate.Rho);
        Assert.Equal(SurrogateValidation.LeaveOneOut, spec.Surrogate.Validation);
        Assert.Equal(SignalVarianceEstimate.LeaveOneOut, spec.Surrogate.Variance);
        Assert.Equal(Path.Combine(TestData.RepositoryRoot, "reports", "all"), spec.Output);
    }

    [Theory]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("90s", 90)]
    [InlineData("45", 45)]
    [InlineData("1d", 86400)]
    public void Wall_time_takes_units_or_seconds(string wall, double seconds)
    {
        var spec = Parse(With("kwh: 0.5", $"wall: {wall}"));
        Assert.Equal(TimeSpan.FromSeconds(seconds), spec.Budget.Wall);
    }

    [Fact]
    public void Relative_paths_are_read_from_the_spec_folder()
    {
        string folder = TestData.NewTempDirectory();
        Directory.CreateDirectory(Path.Combine(folder, "mols"));
        File.WriteAllText(Path.Combine(folder, "mols", "lib.smi"), "CCO ethanol\nc1ccccc1 benzene\n");
        File.WriteAllText(Path.Combine(folder, "test.txt"), "1\n2\n");
        string yaml = With("bundled: qm9-subset", "path: mols/lib.smi")
            .Replace("goal: maximise", "goal: learn\n  target_mae: 0.1\n  test_indices: test.txt") + "\noutput: out\n";
        File.WriteAllText(Path.Combine(folder, "spec.yaml"), yaml);

        // Read from elsewhere: the paths follow the spec file, not the current directory.
        var spec = CampaignSpecReader.Read(Path.Combine(folder, "spec.yaml"));

        Assert.Equal(Path.Combine(folder, "mols", "lib.smi"), spec.Library.Path);
        Assert.Null(spec.Library.Bundled);
        Assert.Equal(Path.Combine(folder, "test.txt"), spec.Objective.TestIndices);
        Assert.Equal(ObjectiveGoal.Learn, spec.Objective.Goal);
        Assert.Equal(0.1, spec.Objective.TargetMae);
        Assert.Equal(Path.Combine(folder, "out"), spec.Output);
        Assert.Equal(folder, spec.BaseDirectory);
    }

    [Fact]
    public void Geometry_defaults_to_the_cheapest_optimisation_below_and_to_input_otherwise()
    {
        var spec = Parse("""
            name: ladder
            library: {bundled: qm9-subset}
            objective: {goal: maximise, rung: ccsd}
            rungs:
              - {name: gfnff, program: xtb, method: gfnff, property: energy}
              - {name: gfn2, program: xtb, method: gfn2, driver: optimization, property: energy}
              - {name: pm7, program: mopac, method: pm7, driver: optimization, property: heat_of_formation}
              - {name: b3lyp, program: psi4, method: b3lyp, basis: 6-31G*, property: energy}
              - {name: ccsd, program: psi4, method: ccsd, basis: cc-pvdz, property: energy, geometry: pm7}
            budget: {calculations: 10}
            """);
        Assert.Equal(new[] { "input", "input", "input", "gfn2", "pm7" }, spec.Rungs.Select(r => r.Geometry));
    }

    [Fact]
    public void Geometry_is_input_when_no_optimisation_is_below()
    {
        var spec = Parse(With("driver: optimization", "driver: energy"));
        Assert.Equal(new[] { "input", "input" }, spec.Rungs.Select(r => r.Geometry));
    }

    [Fact]
    public void Unknown_key_is_named_with_its_line_and_section()
    {
        var e = Fails(With("  kwh: 0.5", "  kwh: 0.5\n  kwhh: 1"));
        Assert.Contains("test.yaml: line 20", e.Message);
        Assert.Contains("unknown key 'kwhh' in budget", e.Message);
        Assert.Contains("kwh, gco2e, wall, calculations", e.Message);

        var top = Fails(Valid + "\nbatchsize: 3");
        Assert.Contains("line 20", top.Message);
        Assert.Contains("unknown key 'batchsize' in the top level", top.Message);
        Assert.Contains("batch_size", top.Message);
    }

    [Fact]
    public void A_value_of_the_wrong_kind_is_reported_with_its_line()
    {
        var e = Fails(Valid + "\nbatch_size: five");
        Assert.Contains("line 20", e.Message);
        Assert.Contains("'batch_size: five' cannot be read", e.Message);
    }

    [Fact]
    public void A_list_where_a_number_belongs_and_a_repeated_key_are_reported_with_their_lines()
    {
        var list = Fails(Valid + "\nbatch_size: [1]");
        Assert.Contains("line 20", list.Message);
        Assert.Contains("'batch_size: [1]' holds a value of the wrong kind", list.Message);

        var twice = Fails(Valid + "\nname: again");
        Assert.Contains("line 20", twice.Message);
        Assert.Contains("the key 'name' appears twice", twice.Message);
    }

    [Fact]
    public void Malformed_yaml_and_an_empty_or_missing_file_are_one_sentence()
    {
        Assert.Contains("line", Fails("name: a\n  library: [").Message);
        Assert.Contains("the spec is empty", Fails("").Message);
        var missing = Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.Read("/nonexistent/spec.yaml"));
        Assert.Contains("/nonexistent/spec.yaml does not exist", missing.Message);
    }

    [Theory]
    [InlineData("name: test", "name: ''", "name is missing")]
    [InlineData("  bundled: qm9-subset", "  bundled: qm9-subset\n  path: data/qm9-subset/qm9_subset_chemprop_mol_multitask.csv", "library gives both path and bundled")]
    [InlineData("  bundled: qm9-subset", "  elements: [C]", "library has neither path nor bundled")]
    [InlineData("bundled: qm9-subset", "bundled: qm8", "library bundled 'qm8' is no data set")]
    [InlineData("bundled: qm9-subset", "bundled: qm9-subset\n  limit: 0", "library limit is 0")]
    [InlineData("bundled: qm9-subset", "bundled: qm9-subset\n  elements: [C, Xx]", "library elements: 'Xx' is no element")]
    [InlineData("bundled: qm9-subset", "bundled: qm9-subset\n  charges: []", "library charges is empty")]
    [InlineData("    property: gap\n  - name: b3lyp", "  - name: b3lyp", "rungs[0] 'gfn2' has no property")]
    [InlineData("    program: psi4\n", "", "rungs[1] 'b3lyp' has no program; give the engine that runs it, program: psi4")]
    [InlineData("    method: b3lyp\n", "", "rungs[1] 'b3lyp' has no method")]
    [InlineData("    basis: 6-31G*\n", "", "rungs[1] 'b3lyp' method b3lyp needs a basis set")]
    [InlineData("name: gfn2", "name: b3lyp", "rungs[1] 'b3lyp' repeats the name of rungs[0]")]
    [InlineData("program: psi4", "program: gaussian", "rungs[1] 'b3lyp' program 'gaussian' is no engine Greenspace knows; use one of mopac, nwchem, openbabel, psi4, xtb")]
    [InlineData("driver: optimization", "driver: relax", "rungs[0] 'gfn2' driver 'relax' is not a driver")]
    [InlineData("    property: gap\n  - name: b3lyp", "    property: homo\n  - name: b3lyp", "rungs[0] 'gfn2' property 'homo' is not one Greenspace reads")]
    [InlineData("basis: 6-31G*", "basis: 6-31G*\n    geometry: gfn1", "rungs[1] 'b3lyp' geometry 'gfn1' is no rung of this spec")]
    [InlineData("basis: 6-31G*", "basis: 6-31G*\n    geometry: b3lyp", "rungs[1] 'b3lyp' geometry 'b3lyp' is not a cheaper rung")]
    [InlineData("driver: optimization", "driver: energy\n    geometry: b3lyp", "rungs[0] 'gfn2' geometry 'b3lyp' is not a cheaper rung")]
    [InlineData("rung: b3lyp", "rung: pbe0", "objective rung 'pbe0' is no rung of this spec; use one of gfn2, b3lyp")]
    [InlineData("goal: maximise", "goal: largest", "objective goal 'largest' is not a goal; use minimise, maximise, window, learn")]
    [InlineData("goal: maximise", "goal: window\n  low: 7\n  high: 5", "objective window needs low below high")]
    [InlineData("goal: maximise", "goal: window\n  low: 7", "objective window needs low below high")]
    [InlineData("goal: maximise", "goal: learn", "objective learn needs target_mae above 0")]
    [InlineData("goal: maximise", "goal: maximise\n  relative_to: group_mean", "objective relative_to group_mean needs groups; add group_by: formula")]
    [InlineData("goal: maximise", "goal: maximise\n  group_by: formula\n  relative_to: median", "objective relative_to 'median' is not a reference; use none, group_mean")]
    [InlineData("goal: maximise", "goal: maximise\n  top_fraction: 1.5", "objective top_fraction is 1.5; give the fraction of the library sought")]
    [InlineData("goal: maximise", "goal: window\n  low: 5\n  high: 7\n  top_fraction: 0.1", "objective top_fraction applies to minimise or maximise, not window")]
    [InlineData("goal: maximise", "goal: learn\n  target_mae: 0", "objective learn needs target_mae above 0")]
    [InlineData("goal: maximise", "goal: maximise\n  expected_recall: 90", "objective expected_recall is 90; give the share of the sought molecules")]
    [InlineData("goal: maximise", "goal: learn\n  target_mae: 1\n  expected_recall: 0.9", "objective expected_recall applies to minimise or maximise, not learn; a learn campaign stops at its target_mae")]
    [InlineData("goal: maximise", "goal: learn\n  target_mae: 1\n  test_indices: no/such.txt", "objective test_indices")]
    [InlineData("  kwh: 0.5", "  kwh: 0", "budget kwh is 0, so nothing can run")]
    [InlineData("  kwh: 0.5", "  gco2e: -1", "budget gco2e is -1")]
    [InlineData("  kwh: 0.5", "  calculations: 0", "budget calculations is 0")]
    [InlineData("  kwh: 0.5", "  wall: 0s", "budget wall is 0s")]
    [InlineData("  kwh: 0.5", "  wall: soon", "budget wall 'soon' is no duration")]
    [InlineData("budget:\n  kwh: 0.5", "budget: {}", "budget is missing")]
    [InlineData("budget:\n  kwh: 0.5", "batch_size: 1", "budget is missing")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nbatch_size: 0", "batch_size is 0")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nstart: {diverse: -1}", "start diverse is -1")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nacquisition: {kappa: -0.5}", "acquisition kappa is -0.5")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nacquisition: {function: pmin, samples: 0}", "acquisition samples is 0")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nacquisition: {function: ucb, per_kwh: true}", "acquisition per_kwh is set with function 'ucb', whose values are not gains to be had per kWh; use per_kwh with ei or pmin")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nsurrogate: {validation: bootstrap}", "surrogate validation 'bootstrap' is not one Greenspace has; use 5-fold, leave-one-out")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nsurrogate: {variance: bayesian}", "surrogate variance 'bayesian' is not an estimate Greenspace has; use likelihood, leave-one-out")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nsurrogate: {rho: steep}", "surrogate rho 'steep' is neither 'fitted' nor a positive number")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nsurrogate: {rho: 0}", "surrogate rho '0' is neither 'fitted' nor a positive number")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nacquisition: {function: pi}", "acquisition function 'pi' is not one Greenspace has; use ei, ucb, thompson, pmin, greedy, random")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nsurrogate: {representation: soap}", "surrogate representation 'soap' is not one Greenspace computes; use cm, bob, slatm")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nsurrogate: {widths_over_median: []}", "surrogate widths_over_median is empty")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nsurrogate: {lambdas: [1e-8, 0]}", "surrogate lambdas holds 0")]
    [InlineData("  kwh: 0.5", "  kwh: 0.5\nobjective_extra: 1", "unknown key 'objective_extra'")]
    public void Each_mistake_is_one_sentence_naming_its_field(string oldText, string newText, string expected)
    {
        var e = Fails(With(oldText, newText));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("test.yaml: ", e.Message);
        Assert.Single(e.Problems);
    }

    [Fact]
    public void No_rungs_and_no_library_are_reported()
    {
        var e = Fails("name: x\nobjective: {goal: maximise, rung: a}\nbudget: {kwh: 1}\nrungs: []");
        Assert.Contains("library is missing", e.Message);
        Assert.Contains("rungs is empty", e.Message);
    }

    [Fact]
    public void Geometry_must_come_from_an_optimisation()
    {
        var e = Fails(With("driver: optimization", "driver: energy").Replace("basis: 6-31G*", "basis: 6-31G*\n    geometry: gfn2"));
        Assert.Contains("rungs[1] 'b3lyp' geometry 'gfn2' is not an optimisation (its driver is energy); use input, or set driver: optimization on gfn2", e.Message);
    }

    [Fact]
    public void Several_mistakes_are_reported_together_one_per_line()
    {
        var e = Fails(With("  kwh: 0.5", "  kwh: 0").Replace("program: psi4", "program: orca").Replace("rung: b3lyp", "rung: ccsd") + "\nbatch_size: 0");
        Assert.Equal(4, e.Problems.Length);
        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("test.yaml: ", line));
        Assert.Contains(lines, l => l.Contains("rungs[1] 'b3lyp' program 'orca'"));
        Assert.Contains(lines, l => l.Contains("objective rung 'ccsd'"));
        Assert.Contains(lines, l => l.Contains("budget kwh is 0"));
        Assert.Contains(lines, l => l.Contains("batch_size is 0"));
    }

    [Fact]
    public void A_missing_library_file_is_named_by_its_resolved_path()
    {
        string folder = TestData.NewTempDirectory();
        var e = Fails(With("bundled: qm9-subset", "path: lib/none.smi"), folder);
        Assert.Contains($"library path {Path.Combine(folder, "lib", "none.smi")} does not exist", e.Message);
    }

    [Fact]
    public void A_library_file_in_no_molecule_format_is_refused()
    {
        string folder = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(folder, "lib.txt"), "CCO\n");
        var e = Fails(With("bundled: qm9-subset", "path: lib.txt"), folder);
        Assert.Contains("library path: ", e.Message);
        Assert.Contains("no molecule format Greenspace reads", e.Message);
    }

    [Theory]
    [InlineData("empty.smi", "")]
    [InlineData("blank.xyz", "\n  \n")]
    [InlineData("comments.smi", "# a library\n\n# nothing yet\n")]
    [InlineData("header.csv", "smiles,name\n\n")]
    public void An_empty_library_file_is_refused_before_anything_runs(string file, string text)
    {
        string folder = TestData.NewTempDirectory();
        string path = Path.Combine(folder, file);
        File.WriteAllText(path, text);
        var e = Fails(With("bundled: qm9-subset", $"path: {file}"), folder);
        Assert.Contains($"library path {path} holds no molecules", e.Message);
        Assert.Throws<CampaignSpecException>(() => CampaignSpecReader.CheckLibraryNotEmpty(path));
    }

    [Fact]
    public void A_library_with_one_molecule_is_not_empty()
    {
        string folder = TestData.NewTempDirectory();
        File.WriteAllText(Path.Combine(folder, "one.csv"), "smiles\nCCO\n");
        CampaignSpecReader.CheckLibraryNotEmpty(Path.Combine(folder, "one.csv"));
        Assert.Equal(Path.Combine(folder, "one.csv"), Parse(With("bundled: qm9-subset", "path: one.csv"), folder).Library.Path);
    }

    [Fact]
    public void A_replayed_rung_needs_no_engine_but_a_known_source_and_the_bundled_qm7()
    {
        const string ladder = """
            name: replay
            library: {bundled: qm7}
            objective: {goal: minimise, rung: dftb}
            rungs:
              - {name: gfn2, program: xtb, method: gfn2, driver: optimization, property: energy}
              - {name: dftb, program: dftb+, method: dftb, replay: qm7:dftb, property: atomization_energy}
            budget: {kwh: 1}
            """;
        var dftb = Parse(ladder).Rungs[1];
        Assert.Equal("qm7:dftb", dftb.Replay);
        Assert.Equal("dftb+", dftb.Program);
        Assert.Equal("input", dftb.Geometry); // replayed labels belong to QM7's geometries, not gfn2's

        Assert.Contains("rungs[1] 'dftb' replay 'qm7:ccsd' is no data set column Greenspace holds; use qm7:dftb, qm7:pbe0",
            Fails(ladder.Replace("qm7:dftb", "qm7:ccsd")).Message);
        Assert.Contains("rungs[1] 'dftb' replays qm7:dftb, which labels only the bundled qm7 library; set library bundled: qm7",
            Fails(ladder.Replace("bundled: qm7", "bundled: qm9-subset")).Message);
        Assert.Contains("rungs[1] 'dftb' replays qm7:dftb, which holds atomization energies; set property: atomization_energy",
            Fails(ladder.Replace("property: atomization_energy", "property: energy")).Message);
        Assert.Contains("rungs[1] 'dftb' geometry 'gfn2': a replayed rung's labels belong to the data set's own geometry",
            Fails(ladder.Replace("replay: qm7:dftb,", "replay: qm7:dftb, geometry: gfn2,")).Message);
        Assert.Contains("rungs[1] 'dftb' program 'dftb+' is no engine Greenspace knows",
            Fails(ladder.Replace("replay: qm7:dftb, ", "")).Message);
        Assert.Contains("rungs[0] 'gfn2' property atomization_energy comes only from a replayed data set",
            Fails(ladder.Replace("driver: optimization, property: energy", "driver: optimization, property: atomization_energy")).Message);
    }
}
