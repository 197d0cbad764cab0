using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Engines.NwChem;
using Greenspace.Engines.Psi4;
using Greenspace.Records;
using Greenspace.Tests.Support;
using static Greenspace.Tests.Support.EngineRuns;

namespace Greenspace.Tests.Engines;

/// <summary>
/// One test per way a psi4 or nwchem run goes wrong, each coming back as a failed result with its
/// reason, never an exception. Time-outs, refusals and missing programs are provoked for real;
/// garbage output and a crash come from stand-in scripts (StandIns/), since neither program can be
/// made to do them on demand.
/// </summary>
public class EngineFaultTests
{
    private static readonly Molecule Water = Triatomic(8, 1, 1, 0.96, 104.5);

    [Fact]
    public async Task A_psi4_run_past_its_time_limit_fails_and_leaves_no_process_behind()
    {
        var psi4 = new Psi4Engine();
        var options = Options(TimeSpan.FromSeconds(1), TestData.NewTempDirectory("gs-timeout-"));
        try
        {
            var result = await RunAsync(psi4, Request(Water, "psi4", "ccsd(t)", "cc-pvtz", Driver.Energy), options);

            Assert.False(result.Succeeded);
            Assert.Contains("time limit of 1 s", result.Error);
            Assert.InRange(result.Cost.WallSeconds, 1, 10);
            Assert.Empty(LiveProcesses.WorkingUnder(options.ScratchRoot));
            Assert.Empty(Directory.EnumerateFileSystemEntries(options.ScratchRoot));
        }
        finally
        {
            Directory.Delete(options.ScratchRoot, recursive: true);
        }
    }

    [Fact]
    public async Task Psi4_exiting_non_zero_gives_its_exception_and_exit_code()
    {
        // Greenspace accepts HI with 6-31G* (a valid molecule, a basis psi4 ships); psi4 refuses,
        // because its 6-31G* stops at krypton, and exits 1.
        var hydrogenIodide = Molecule.Create([53, 1], [Vec3.Zero, new Vec3(0, 0, 1.61)]);
        var result = await RunAsync(new Psi4Engine(), Request(hydrogenIodide, "psi4", "hf", "6-31g*", Driver.Energy));

        Assert.False(result.Succeeded);
        Assert.Contains("BasisSetNotFound", result.Error);
        Assert.Contains("exited with code 1", result.Error);
        Assert.False(string.IsNullOrWhiteSpace(result.OutputTail));
    }

    [Theory]
    [InlineData("psi4", "maxiter", "SCFConvergenceError: Could not converge SCF iterations in 2 iterations.; psi4 crashed (killed by signal 6, SIGABRT)")]
    [InlineData("nwchem", "iterations", "did not converge within its iteration limit; nwchem exited with code 255")]
    public async Task An_scf_stopped_before_convergence_fails_saying_so(string program, string iterationKeyword, string expected)
    {
        IEngine engine = program == "psi4" ? new Psi4Engine() : new NwChemEngine();
        var result = await RunAsync(engine, Request(Water, program, "b3lyp", "cc-pvdz", Driver.Energy, (iterationKeyword, "2")));
        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
    }

    [Theory]
    [InlineData("psi4", "apt-get install psi4")]
    [InlineData("nwchem", "apt-get install nwchem nwchem-data")]
    public async Task A_program_missing_from_path_fails_with_its_install_line(string program, string installLine)
    {
        IEngine engine = program == "psi4" ? new Psi4Engine() : new NwChemEngine();
        var nowhere = new EngineEnvironment(Path.Combine(Path.GetTempPath(), "greenspace-no-such-directory"));
        var probe = engine.Probe(nowhere);
        Assert.False(probe.Found);

        var result = await engine.RunAsync(Request(Water, program, "hf", "sto-3g", Driver.Energy), probe, Options() with { Environment = nowhere }, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Contains(installLine, result.Error);
    }

    [Theory]
    [InlineData("psi4", "results file could not be read")]
    [InlineData("nwchem", "without printing a total SCF or DFT energy")]
    public async Task Garbage_output_from_a_stand_in_fails_with_what_is_missing(string program, string expected)
    {
        var result = await RunStandInAsync(program, "garbage-output.sh");
        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
    }

    [Theory]
    [InlineData("psi4")]
    [InlineData("nwchem")]
    public async Task A_crashing_stand_in_fails_with_its_signal(string program)
    {
        var result = await RunStandInAsync(program, "segfault.sh");
        Assert.False(result.Succeeded);
        Assert.Contains("signal 11, SIGSEGV", result.Error);
    }

    /// <summary>Fills the request against the real program, then runs it with the stand-in first (and alone) on PATH.</summary>
    private static async Task<CalculationResult> RunStandInAsync(string program, string script)
    {
        IEngine engine = program == "psi4" ? new Psi4Engine() : new NwChemEngine();
        var request = Filled(engine, Request(Water, program, "hf", "sto-3g", Driver.Energy), engine.Probe(EngineEnvironment.Current));

        var bin = TestData.NewTempDirectory("gs-stand-in-");
        try
        {
            var standIn = Path.Combine(bin, program);
            File.Copy(Path.Combine(TestData.RepositoryRoot, "tests", "Greenspace.Tests", "Engines", "StandIns", script), standIn);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var environment = new EngineEnvironment(bin);
            var probe = engine.Probe(environment);
            Assert.True(probe.Found, probe.MissingMessage);
            return await engine.RunAsync(request, probe, Options() with { Environment = environment }, CancellationToken.None);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }
}
