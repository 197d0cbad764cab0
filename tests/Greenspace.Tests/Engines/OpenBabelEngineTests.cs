using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Engines.OpenBabel;
using Greenspace.Records;
using Greenspace.Tests.Support;
using static Greenspace.Tests.Support.EngineRuns;

namespace Greenspace.Tests.Engines;

/// <summary>
/// The Open Babel force-field adapter against the real obenergy/obminimize (Debian 3.1.1). The reference
/// is Halgren's MMFF94 validation suite: geometries from MMFF94_hypervalent.mol2 and total energies from
/// MMFF94.energies ("total molecular energies for the 753-molecule MMFF94 test suite as computed by
/// OPTIMOL and BatchMin", kcal/mol), as shipped with CDPKit (molinfo-vienna/CDPKit, Data/Testing/MMFF94/).
/// </summary>
public class OpenBabelEngineTests
{
    private static readonly OpenBabelEngine Engine = new();

    private static Task<CalculationResult> Run(Molecule molecule, string method, Driver driver, params (string Key, string Value)[] keywords) =>
        RunAsync(Engine, Request(molecule, "openbabel", method, null, driver, keywords), new EngineRunOptions());

    // DMEOXA01 (dimethyl oxalate) of MMFF94_hypervalent.mol2, atoms and bonds in the file's order (bond orders 1 and 2).
    private static readonly Molecule DimethylOxalate = Molecule.Create(
        [6, 6, 8, 8, 1, 1, 1, 6, 8, 8, 6, 1, 1, 1],
        [
            new Vec3(-8.5013, -3.6302, 14.6547), new Vec3(-7.8533, -2.6225, 16.6555), new Vec3(-7.9610, -2.7678, 13.9836),
            new Vec3(-8.5340, -3.6947, 16.0057), new Vec3(-7.9401, -2.7702, 17.7355), new Vec3(-8.3146, -1.6635, 16.3992),
            new Vec3(-6.7914, -2.6249, 16.3901), new Vec3(-9.2667, -4.8372, 14.0553), new Vec3(-9.8070, -5.6996, 14.7264),
            new Vec3(-9.2340, -4.7727, 12.7043), new Vec3(-9.9147, -5.8449, 12.0545), new Vec3(-9.8279, -5.6972, 10.9745),
            new Vec3(-9.4534, -6.8039, 12.3108), new Vec3(-10.9766, -5.8425, 12.3199),
        ],
        bonds: Bonds((1, 3, 2), (1, 4, 1), (1, 8, 1), (2, 4, 1), (2, 5, 1), (2, 6, 1), (2, 7, 1), (8, 9, 2), (8, 10, 1), (10, 11, 1), (11, 12, 1), (11, 13, 1), (11, 14, 1)),
        name: "DMEOXA01");

    // DIYPUW (1,1'-carbonylbis(aziridine)) of MMFF94_hypervalent.mol2; its "am" (amide) bonds are single bonds.
    private static readonly Molecule CarbonylBisAziridine = Molecule.Create(
        [8, 6, 7, 6, 6, 1, 1, 1, 1, 7, 6, 6, 1, 1, 1, 1],
        [
            new Vec3(-8.8839, -2.7465, 14.3552), new Vec3(-8.8840, -3.9764, 14.3550), new Vec3(-9.8939, -4.7752, 14.9126),
            new Vec3(-10.5498, -4.3680, 16.1224), new Vec3(-11.2672, -4.3678, 14.8235), new Vec3(-10.7095, -5.1805, 16.8164),
            new Vec3(-10.2156, -3.4276, 16.5405), new Vec3(-11.9396, -5.1801, 14.5889), new Vec3(-11.4428, -3.4272, 14.3182),
            new Vec3(-7.8742, -4.7751, 13.7972), new Vec3(-7.2182, -4.3677, 12.5875), new Vec3(-6.5009, -4.3679, 13.8864),
            new Vec3(-7.0587, -5.1800, 11.8933), new Vec3(-7.5524, -3.4271, 12.1697), new Vec3(-5.8285, -5.1804, 14.1208),
            new Vec3(-6.3251, -3.4275, 14.3919),
        ],
        bonds: Bonds((1, 2, 2), (2, 3, 1), (2, 10, 1), (3, 4, 1), (3, 5, 1), (4, 5, 1), (4, 6, 1), (4, 7, 1), (5, 8, 1), (5, 9, 1),
            (10, 11, 1), (10, 12, 1), (11, 12, 1), (11, 13, 1), (11, 14, 1), (12, 15, 1), (12, 16, 1)),
        name: "DIYPUW");

    private static IEnumerable<Bond> Bonds(params (int A, int B, int Order)[] oneBased) =>
        oneBased.Select(b => new Bond(b.A - 1, b.B - 1, b.Order));

    // The suite's energies have 5 decimals at geometries written with 4; Open Babel 3.1.1 lands within 1e-3 of them.
    private const double SuiteToleranceKcal = 0.005;

    [Fact]
    public async Task Mmff94_energies_reproduce_the_mmff94_validation_suite()
    {
        // MMFF94.energies: "DMEOXA01  53.54773 (OPTIMOL)  53.54773 (BatchMin)".
        var p = Ok(await Run(DimethylOxalate, "mmff94", Driver.Energy));
        Assert.Equal(EnergyKind.ForceFieldSteric, p.EnergyKind);
        Assert.Equal(53.54773, p.Energy, SuiteToleranceKcal);
        // The terms obenergy prints add up to its total.
        Assert.Equal(p.Energy, p.Extras.Where(e => e.Key.EndsWith("_energy_kcal_per_mol", StringComparison.Ordinal)).Sum(e => e.Value), 1e-4);
        // MMFF94.energies: "DIYPUW  22.27500 (OPTIMOL)  22.27501 (BatchMin)".
        Assert.Equal(22.27500, Ok(await Run(CarbonylBisAziridine, "mmff94", Driver.Energy)).Energy, SuiteToleranceKcal);
    }

    [Fact]
    public async Task Bonds_perceived_from_xyz_give_the_same_energy_as_bonds_given()
    {
        var withoutBonds = Molecule.Create(DimethylOxalate.AtomicNumbers, DimethylOxalate.PositionsAngstrom);
        var given = Ok(await Run(DimethylOxalate, "mmff94", Driver.Energy)).Energy;
        var perceived = Ok(await Run(withoutBonds, "mmff94", Driver.Energy)).Energy;
        Assert.Equal(given, perceived, 1e-5);
    }

    [Fact]
    public async Task Optimisation_from_a_distorted_start_reaches_the_suite_minimum_and_a_single_point_agrees()
    {
        // The suite's geometry is an MMFF94 minimum; push one carbonyl oxygen 0.3 angstrom off it.
        var distorted = DimethylOxalate.WithPositions(DimethylOxalate.PositionsAngstrom.Select((p, i) => i == 2 ? p + new Vec3(0.3, 0, 0) : p));
        var start = Ok(await Run(distorted, "mmff94", Driver.Energy)).Energy;
        var opt = Ok(await Run(distorted, "mmff94", Driver.Optimization));
        Assert.True(opt.Energy < start - 10, $"optimised {opt.Energy}, start {start} kcal/mol");
        // Back to the minimum of MMFF94.energies (53.54773) within 0.01 kcal/mol: conjugate gradients stop 0.03 above it.
        Assert.Equal(53.54773, opt.Energy, 0.01);
        var again = Ok(await Run(DimethylOxalate.WithPositions(opt.FinalPositionsAngstrom), "mmff94", Driver.Energy));
        Assert.Equal(opt.Energy, again.Energy, 1e-5);
    }

    [Fact]
    public async Task Other_force_fields_run_and_report_kcal_per_mol()
    {
        // No independent reference is at hand for UFF and GAFF (Open Babel prints them in kJ/mol); these only show they run.
        foreach (var method in new[] { "uff", "gaff", "mmff94s" })
        {
            var p = Ok(await Run(DimethylOxalate, method, Driver.Energy));
            Assert.True(double.IsFinite(p.Energy));
            Assert.Equal("kcal/mol", p.EnergyKind.Unit());
        }
    }

    [Fact]
    public async Task An_element_without_mmff94_parameters_gives_a_failure_with_the_reason()
    {
        var hydrogenSelenide = Molecule.Create([34, 1, 1], [new Vec3(0, 0, 0), new Vec3(1.46, 0, 0), new Vec3(0, 1.46, 0)]);
        var result = await Run(hydrogenSelenide, "mmff94", Driver.Energy);
        Assert.False(result.Succeeded);
        Assert.Contains("could not set up MMFF94", result.Error);
        Assert.Contains("COULD NOT FIND PARAMETERS", result.Error);
        var optimisation = await Run(hydrogenSelenide, "mmff94", Driver.Optimization);
        Assert.False(optimisation.Succeeded);
        Assert.Contains("could not set up MMFF94", optimisation.Error);
    }

    [Fact]
    public async Task An_optimisation_out_of_steps_is_a_failure()
    {
        var distorted = DimethylOxalate.WithPositions(DimethylOxalate.PositionsAngstrom.Select((p, i) => i == 2 ? p + new Vec3(0.3, 0, 0) : p));
        var result = await Run(distorted, "mmff94", Driver.Optimization, ("steps", "3"));
        Assert.False(result.Succeeded);
        Assert.Contains("did not converge within 3 steps", result.Error);
    }

    [Fact]
    public void Defaults_are_filled_and_requests_it_cannot_do_are_refused()
    {
        var probe = Engine.Probe(EngineEnvironment.Current);
        Assert.Matches(@"^\d+\.\d+\.\d+$", probe.Version); // 3.1.1 on Debian 12
        KeywordsOrError Fill(Molecule m, Driver driver, params (string, string)[] kw) =>
            Engine.FillDefaults(new CalculationRequest(m, "openbabel", "mmff94", null, driver, kw.Select(k => KeyValuePair.Create(k.Item1, k.Item2))), probe);

        var opt = Fill(DimethylOxalate, Driver.Optimization).Keywords!;
        Assert.Equal("sd", opt["algorithm"]);
        Assert.Equal("20000", opt["steps"]);
        Assert.Equal(opt, Fill(DimethylOxalate, Driver.Optimization, ("crit", "0.00000001"), ("algorithm", "SD")).Keywords!);
        Assert.Empty(Fill(DimethylOxalate, Driver.Energy).Keywords!);
        Assert.NotNull(Fill(DimethylOxalate, Driver.Energy, ("steps", "10")).Error);
        Assert.NotNull(Fill(DimethylOxalate, Driver.Gradient).Error);
        var hydroxide = Molecule.Create([8, 1], [new Vec3(0, 0, 0), new Vec3(0, 0, 0.97)], charge: -1);
        Assert.Contains("formal charges", Fill(hydroxide, Driver.Energy).Error);
    }

    [Fact]
    public async Task Missing_program_is_a_failed_result_with_the_install_hint()
    {
        var engine = new OpenBabelEngine();
        var empty = new EngineEnvironment(TestData.NewTempDirectory());
        var probe = engine.Probe(empty);
        var result = await engine.RunAsync(new CalculationRequest(DimethylOxalate, "openbabel", "mmff94", null, Driver.Energy), probe,
            new EngineRunOptions { Environment = empty }, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Contains("apt-get install openbabel", result.Error);
    }
}
