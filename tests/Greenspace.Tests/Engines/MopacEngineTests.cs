using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Engines.Mopac;
using Greenspace.Records;
using Greenspace.Tests.Support;
using static Greenspace.Tests.Support.EngineRuns;

namespace Greenspace.Tests.Engines;

/// <summary>
/// The MOPAC adapter against the real /usr/bin/mopac (Debian 22.0.6). Reference heats come from MOPAC's
/// own regression tests (openmopac/mopac, tests/keywords/PM7.out and PM6.out, written by MOPAC2016
/// 21.145M: carbon dioxide from C-O = 1.16 angstrom, default GNORM) and from the NIST WebBook.
/// </summary>
public class MopacEngineTests
{
    private static readonly MopacEngine Engine = new();

    private static Task<CalculationResult> Run(Molecule molecule, string method, Driver driver, params (string Key, string Value)[] keywords) =>
        RunAsync(Engine, Request(molecule, "mopac", method, null, driver, keywords), new EngineRunOptions());

    // The geometry of MOPAC's tests/keywords/PM7.mop and PM6.mop (angstrom).
    private static readonly Molecule CarbonDioxide = Molecule.Create([6, 8, 8], [new Vec3(0, 0, 0), new Vec3(1.16, 0, 0), new Vec3(-1.16, 0, 0)]);

    private static readonly Molecule Water = Molecule.Create([8, 1, 1], [new Vec3(0, 0, 0.1173), new Vec3(0, 0.7572, -0.4692), new Vec3(0, -0.7572, -0.4692)]);

    // MOPAC writes the heat with 5 decimals; 22.0.6 differs from the 2021 reference by 3e-4 kcal/mol (updated constants).
    private const double RegressionToleranceKcal = 0.01;

    [Fact]
    public async Task Pm7_carbon_dioxide_optimisation_reproduces_mopac_regression_test()
    {
        // tests/keywords/PM7.out: FINAL HEAT OF FORMATION = -84.51541 KCAL/MOL, TOTAL ENERGY = -713.79358 EV.
        var p = Ok(await Run(CarbonDioxide, "pm7", Driver.Optimization));
        Assert.Equal(EnergyKind.HeatOfFormation, p.EnergyKind);
        Assert.Equal("kcal/mol", p.EnergyKind.Unit());
        Assert.Equal(-84.51541, p.Energy, RegressionToleranceKcal);
        Assert.Equal(-713.79358, p.Extras["total_energy_ev"], 0.01);
        // Same file: the final C-O distance is 1.168108753 angstrom.
        Assert.Equal(1.168108753, Vec3.Distance(p.FinalPositionsAngstrom[0], p.FinalPositionsAngstrom[1]), 1e-3);
        Assert.Null(p.TotalEnergyHartree);
    }

    [Fact]
    public async Task Pm7_carbon_dioxide_single_point_reproduces_the_first_cycle_of_the_regression_test()
    {
        // tests/keywords/PM7.out, first optimisation cycle at the input geometry: "CYCLE: 1 ... HEAT: -84.34612".
        var p = Ok(await Run(CarbonDioxide, "pm7", Driver.Energy));
        Assert.Equal(-84.34612, p.Energy, RegressionToleranceKcal);
        Assert.Empty(p.FinalPositionsAngstrom);
    }

    [Fact]
    public async Task Pm6_carbon_dioxide_optimisation_reproduces_mopac_regression_test()
    {
        // tests/keywords/PM6.out: FINAL HEAT OF FORMATION = -84.81192 KCAL/MOL.
        Assert.Equal(-84.81192, Ok(await Run(CarbonDioxide, "pm6", Driver.Optimization)).Energy, RegressionToleranceKcal);
    }

    [Fact]
    public async Task Optimisation_lowers_the_heat_of_a_distorted_water_to_the_experimental_heat_of_formation()
    {
        var distorted = Molecule.Create([8, 1, 1], [new Vec3(0, 0, 0.15), new Vec3(0, 0.95, -0.40), new Vec3(0.1, -0.70, -0.55)]);
        var start = Ok(await Run(distorted, "pm7", Driver.Energy)).Energy;
        var opt = Ok(await Run(distorted, "pm7", Driver.Optimization));
        Assert.True(opt.Energy < start - 1, $"optimised {opt.Energy} kcal/mol, start {start} kcal/mol");
        // NIST WebBook, water: delta_f H(gas, 298.15 K) = -241.826 kJ/mol = -57.798 kcal/mol. PM7's mean error for
        // small CHNO molecules is a few kcal/mol; water is one of its reference molecules, so 1 kcal/mol.
        Assert.Equal(-57.798, opt.Energy, 1.0);
        Assert.True(opt.Extras["gradient_norm_kcal_per_mol_per_angstrom"] < 1.0);
        // The final geometry re-evaluated as a single point gives the same heat (two paths).
        var again = Ok(await Run(distorted.WithPositions(opt.FinalPositionsAngstrom), "pm7", Driver.Energy));
        Assert.Equal(opt.Energy, again.Energy, 1e-3);
    }

    [Fact]
    public async Task Water_has_a_sane_gap_dipole_and_charges()
    {
        var p = Ok(await Run(Water, "pm7", Driver.Energy));
        double homoEv = p.HomoHartree!.Value * Units.ElectronVoltPerHartree;
        double gapEv = p.HomoLumoGapHartree!.Value * Units.ElectronVoltPerHartree;
        // Koopmans: -HOMO is near water's first ionisation energy, 12.62 eV (NIST).
        Assert.InRange(homoEv, -13.5, -11.0);
        Assert.InRange(gapEv, 10.0, 20.0);
        Assert.Equal(p.LumoHartree!.Value - p.HomoHartree.Value, p.HomoLumoGapHartree.Value, 1e-12);
        // Experimental dipole of water 1.855 D, along the C2 axis (z here).
        var dipole = p.DipoleDebye!.Value;
        Assert.InRange(dipole.Norm, 1.5, 2.6);
        Assert.Equal(dipole.Norm, Math.Abs(dipole.Z), 1e-6);
        Assert.Equal(0.0, p.PartialCharges.Sum(), 1e-4);
        Assert.True(p.PartialCharges[0] < 0 && p.PartialCharges[1] > 0);
        Assert.Equal(p.PartialCharges[1], p.PartialCharges[2], 1e-6);
    }

    [Fact]
    public async Task Gradient_agrees_with_a_central_finite_difference_of_heats()
    {
        var bent = Molecule.Create([6, 8, 8], [new Vec3(0.02, 0.05, 0), new Vec3(1.20, 0.10, 0.03), new Vec3(-1.14, -0.02, 0)]);
        (string, string)[] precise = [("precise", "true")];
        var analytic = Ok(await Run(bent, "pm7", Driver.Gradient, precise)).GradientHartreePerBohr;
        const double stepAngstrom = 1e-3;
        for (int atom = 0; atom < bent.AtomCount; atom++)
        {
            for (int axis = 0; axis < 3; axis++)
            {
                async Task<double> HeatDisplaced(double angstrom)
                {
                    var shift = new Vec3(axis == 0 ? angstrom : 0, axis == 1 ? angstrom : 0, axis == 2 ? angstrom : 0);
                    var moved = bent.WithPositions(bent.PositionsAngstrom.Select((p, i) => i == atom ? p + shift : p));
                    return Ok(await Run(moved, "pm7", Driver.Energy, precise)).Energy;
                }
                double kcalPerAngstrom = (await HeatDisplaced(stepAngstrom) - await HeatDisplaced(-stepAngstrom)) / (2 * stepAngstrom);
                double numeric = kcalPerAngstrom / Units.KcalPerMolPerHartree * Units.AngstromPerBohr;
                Assert.True(Math.Abs(numeric - analytic[atom][axis]) < 2e-5,
                    $"atom {atom + 1} axis {axis}: analytic {analytic[atom][axis]:E6}, finite difference {numeric:E6} Eh/bohr");
            }
        }
    }

    [Fact]
    public async Task Charge_and_open_shells_reach_mopac()
    {
        var hydroxide = Molecule.Create([8, 1], [new Vec3(0, 0, 0), new Vec3(0, 0, 0.97)], charge: -1);
        Assert.Equal(-1.0, Ok(await Run(hydroxide, "pm7", Driver.Energy)).PartialCharges.Sum(), 1e-4);

        var methyl = Molecule.Create([6, 1, 1, 1], [new Vec3(0, 0, 0), new Vec3(1.079, 0, 0), new Vec3(-0.5395, 0.9344, 0), new Vec3(-0.5395, -0.9344, 0)]);
        var doublet = Ok(await Run(methyl, "pm7", Driver.Energy)).Energy;
        var quartet = Ok(await Run(methyl.WithChargeAndMultiplicity(0, 4), "pm7", Driver.Energy)).Energy;
        Assert.True(quartet - doublet > 20, $"doublet {doublet}, quartet {quartet} kcal/mol");
    }

    [Fact]
    public async Task Cosmo_water_lowers_the_heat_of_water()
    {
        var gas = Ok(await Run(Water, "pm7", Driver.Energy)).Energy;
        var solvated = Ok(await Run(Water, "pm7", Driver.Energy, ("eps", "78.4"))).Energy;
        // The experimental hydration free energy of water is -6.3 kcal/mol; COSMO's electrostatic part is of that size.
        Assert.InRange(solvated - gas, -15.0, -3.0);
    }

    [Fact]
    public async Task Atoms_squeezed_together_give_a_failure_with_the_reason()
    {
        // Every pair at least 0.55 angstrom apart, so a valid molecule; MOPAC still "ends normally" with a heat above 10^4 kcal/mol.
        const double d = 0.55;
        var squeezed = Molecule.Create([6, 6, 6, 6, 1, 1, 1, 1],
            [new Vec3(0, 0, 0), new Vec3(d, 0, 0), new Vec3(0, d, 0), new Vec3(0, 0, d), new Vec3(3, 0, 0), new Vec3(0, 3, 0), new Vec3(0, 0, 3), new Vec3(-3, 0, 0)]);
        var result = await Run(squeezed, "pm7", Driver.Energy);
        Assert.False(result.Succeeded);
        Assert.Contains("very large", result.Error);
    }

    [Fact]
    public async Task An_element_without_parameters_gives_mopacs_own_reason()
    {
        var ceriumHydride = Molecule.Create([58, 1, 1], [new Vec3(0, 0, 0), new Vec3(2.2, 0, 0), new Vec3(-2.2, 0, 0)]);
        var result = await Run(ceriumHydride, "pm7", Driver.Energy);
        Assert.False(result.Succeeded);
        Assert.Contains("Data are not available for Cerium", result.Error);
    }

    [Fact]
    public async Task An_optimisation_out_of_cycles_is_a_failure()
    {
        var distorted = Molecule.Create([8, 1, 1], [new Vec3(0, 0, 0.15), new Vec3(0, 0.95, -0.40), new Vec3(0.1, -0.70, -0.55)]);
        var result = await Run(distorted, "pm7", Driver.Optimization, ("cycles", "1"));
        Assert.False(result.Succeeded);
        Assert.Contains("EXCESS NUMBER OF OPTIMIZATION CYCLES", result.Error);
    }

    [Fact]
    public void Defaults_are_filled_in_one_spelling_and_misplaced_keywords_are_refused()
    {
        var probe = Engine.Probe(EngineEnvironment.Current);
        Assert.Matches(@"^\d+\.\d+\.\d+$", probe.Version); // 22.0.6 on Debian 12
        KeywordsOrError Fill(Driver driver, params (string, string)[] kw) =>
            Engine.FillDefaults(new CalculationRequest(Water, "mopac", "pm7", null, driver, kw.Select(k => KeyValuePair.Create(k.Item1, k.Item2))), probe);

        var opt = Fill(Driver.Optimization).Keywords!;
        Assert.Equal("1.0", opt["gnorm"]);
        Assert.Equal("0", opt["cycles"]);
        Assert.Equal("false", opt["precise"]);
        Assert.Equal("none", opt["eps"]);
        Assert.Equal("rhf", opt["reference"]);
        Assert.Equal(opt, Fill(Driver.Optimization, ("gnorm", "1"), ("PRECISE", "False")).Keywords!);
        Assert.False(Fill(Driver.Energy).Keywords!.ContainsKey("gnorm"));
        Assert.NotNull(Fill(Driver.Energy, ("gnorm", "0.1")).Error);
        Assert.NotNull(Fill(Driver.Energy, ("xyz", "true")).Error);
        Assert.NotNull(Fill(Driver.Energy, ("eps", "water")).Error);
        Assert.NotNull(Engine.FillDefaults(new CalculationRequest(Water, "mopac", "pm7", "sto-3g", Driver.Energy), probe).Error);
    }

    [Fact]
    public async Task Missing_program_is_a_failed_result_with_the_install_hint()
    {
        var engine = new MopacEngine();
        var empty = new EngineEnvironment(TestData.NewTempDirectory());
        var probe = engine.Probe(empty);
        var result = await engine.RunAsync(new CalculationRequest(Water, "mopac", "pm7", null, Driver.Energy), probe,
            new EngineRunOptions { Environment = empty }, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Contains("apt-get install mopac", result.Error);
    }
}
