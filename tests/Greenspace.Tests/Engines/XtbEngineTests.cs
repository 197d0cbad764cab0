using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Engines.Xtb;
using Greenspace.Records;
using Greenspace.Tests.Support;
using static Greenspace.Tests.Support.EngineRuns;

namespace Greenspace.Tests.Engines;

/// <summary>
/// The xtb adapter against the real /usr/bin/xtb (Debian 6.5.1). Reference energies come from xtb's own
/// unit tests (grimme-lab/xtb, test/unit/), whose values are identical in the pre-test-drive files of the
/// 6.3/6.4 era and in the test-drive files at the 6.6.1 tag, so they hold for the 6.5.1 release between.
/// Geometries there are in bohr; each test's settings (accuracy, electronic temperature, iteration limit,
/// solvent) are passed as keywords.
/// </summary>
public class XtbEngineTests
{
    private static readonly XtbEngine Engine = new();

    /// <summary>A molecule from xtb test-source coordinates, which are in bohr.</summary>
    private static Molecule FromBohr(int[] z, double[] xyzBohr, int charge = 0) =>
        Molecule.Create(z, Enumerable.Range(0, z.Length).Select(i =>
            new Vec3(xyzBohr[3 * i], xyzBohr[3 * i + 1], xyzBohr[3 * i + 2]) * Units.AngstromPerBohr), charge);

    private static Task<CalculationResult> Run(Molecule molecule, string method, Driver driver, params (string Key, string Value)[] keywords) =>
        RunAsync(Engine, Request(molecule, "xtb", method, null, driver, keywords), new EngineRunOptions());

    // Water of test_gfn2_scc and test_gfn1_scc (bohr).
    private static readonly Molecule Water = FromBohr([8, 1, 1],
    [
        0.00000000000000, 0.00000000000000, -0.73578586109551,
        1.44183152868459, 0.00000000000000, 0.36789293054775,
        -1.44183152868459, 0.00000000000000, 0.36789293054775,
    ]);

    // Propyne of test_gfn2_api (bohr).
    private static readonly Molecule Propyne = FromBohr([6, 6, 6, 1, 1, 1, 1],
    [
        0.00000000000000, 0.00000000000000, -1.79755622305860,
        0.00000000000000, 0.00000000000000, 0.95338756106749,
        0.00000000000000, 0.00000000000000, 3.22281255790261,
        -0.96412815539807, -1.66991895015711, -2.53624948351102,
        -0.96412815539807, 1.66991895015711, -2.53624948351102,
        1.92825631079613, 0.00000000000000, -2.53624948351102,
        0.00000000000000, 0.00000000000000, 5.23010455462158,
    ]);

    // Allene of test_gfn1_api (bohr).
    private static readonly Molecule Allene = FromBohr([6, 6, 6, 1, 1, 1, 1],
    [
        0.00000000000000, 0.00000000000000, 0.00000000000000,
        0.00000000000000, 0.00000000000000, -2.45883087071663,
        0.00000000000000, 0.00000000000000, 2.45883087071663,
        -1.23873299308709, -1.23873299308709, -3.52402313872811,
        1.23873299308709, 1.23873299308709, -3.52402313872811,
        -1.23873299308709, 1.23873299308709, 3.52402313872811,
        1.23873299308709, -1.23873299308709, 3.52402313872811,
    ]);

    // The N, P, F2, H4 molecule of test_gfnff_sp ([7,15,9,9,1,1,1,1], bohr).
    private static readonly Molecule GfnffSp = FromBohr([7, 15, 9, 9, 1, 1, 1, 1],
    [
        1.50040286526241, -2.88219140061585, 0.00000000000000,
        0.00000000000000, 1.90142164792207, 0.00000000000000,
        -0.02649585010919, -5.05651406856634, 0.00000000000000,
        -1.39762821979929, 4.65236211997835, 0.00000000000000,
        2.62205170116282, -3.14316635901963, 1.53958066744940,
        -1.46489869067775, 0.78885483581631, 1.94964934855945,
        2.62205170116282, -3.14316635901963, -1.53958066744940,
        -1.46489869067775, 0.78885483581631, -1.94964934855945,
    ]);

    // Formaldehyde-water hydrogen-bonded pair of test_gfnff_hb ([6,8,1,1,8,1,1], bohr).
    private static readonly Molecule GfnffHb = FromBohr([6, 8, 1, 1, 8, 1, 1],
    [
        -5.78520874132429, -1.92328475821000, -0.02944611115854,
        -5.57801768832583, 0.17912532844037, 0.72444143178660,
        -4.27822256938673, -2.74845397256109, -1.13038073598642,
        -7.47879539136783, -2.97570121473211, 0.39488815557786,
        -0.83005338399036, 2.43458470560665, -0.78566331969245,
        -0.74201439536855, 4.04199055249898, 0.09144422329636,
        -2.44679415487233, 1.69392751177087, -0.27417668699116,
    ]);

    // The molecule of test_gfn2gbsa_api ([7,1,1,1,15,6,6,6,7,7,7], bohr).
    private static readonly Molecule GbsaMolecule = FromBohr([7, 1, 1, 1, 15, 6, 6, 6, 7, 7, 7],
    [
        4.84112686339230, -1.15671648374837, 0.00000000000000,
        5.87217277985151, -0.70323701391366, 1.54511189584035,
        5.87217277985151, -0.70323701391366, -1.54511189584035,
        4.61871932563459, -3.05696083228965, 0.00000000000000,
        0.23751589819013, 1.28722286021158, 0.00000000000000,
        0.00161949529588, -0.89075264835377, 2.57562301980395,
        -3.06580664031769, 2.16487781673832, 0.00000000000000,
        0.00161949529588, -0.89075264835377, -2.57562301980395,
        -5.06585309511506, 3.00827014874972, 0.00000000000000,
        0.00161949529588, -2.15043086045241, 4.34183098346579,
        0.00161949529588, -2.15043086045241, -4.34183098346579,
    ]);

    private const double ReferenceToleranceHartree = 1e-6;

    [Fact]
    public async Task Gfn2_water_reproduces_xtb_test_gfn2_scc()
    {
        // test/unit/test_gfn2.f90, test_gfn2_scc: acc = 1.0, et = 300.0, maxiter = 50;
        // res%e_total = -5.070451355118, res%gnorm = 0.006457420125, res%hl_gap = 14.450372368833 eV (checked there to 1e-4).
        var p = Ok(await Run(Water, "gfn2", Driver.Gradient, ("acc", "1.0"), ("etemp", "300"), ("iterations", "50")));
        Assert.Equal(EnergyKind.TotalElectronic, p.EnergyKind);
        Assert.Equal(-5.070451355118, p.Energy, ReferenceToleranceHartree);
        Assert.Equal(0.006457420125, Norm(p.GradientHartreePerBohr), 1e-6);
        Assert.Equal(14.450372368833, p.HomoLumoGapHartree!.Value * Units.ElectronVoltPerHartree, 1e-4);
        // Same test: the hydrogen Mulliken charges wfn%q(2) = wfn%q(3) = 0.28158903353422 (to 1e-5); a neutral molecule's charges sum to 0.
        Assert.Equal(0.28158903353422, p.PartialCharges[1], 1e-5);
        Assert.Equal(0.28158903353422, p.PartialCharges[2], 1e-5);
        Assert.Equal(0.0, p.PartialCharges.Sum(), 1e-6);
    }

    [Fact]
    public async Task Gfn2_propyne_energy_and_gradient_reproduce_xtb_test_gfn2_api()
    {
        // test/unit/test_gfn2.f90, test_gfn2_api: scc_options(maxiter = 30, acc = 1.0, etemp = 300.0, solvent = "none");
        // energy = -8.3824793849585, norm2(gradient) = 0.011544410028854, gradient(3,1) = -0.74649908147372E-03,
        // gradient(1,4) = -0.28433755158510E-03, gradient(3,7) = 0.99750545315944E-02 (Fortran (axis, atom), 1-based).
        var p = Ok(await Run(Propyne, "gfn2", Driver.Gradient, ("acc", "1.0"), ("etemp", "300"), ("iterations", "30")));
        Assert.Equal(-8.3824793849585, p.Energy, ReferenceToleranceHartree);
        var g = p.GradientHartreePerBohr;
        Assert.Equal(0.011544410028854, Norm(g), 1e-6);
        Assert.Equal(-0.74649908147372E-03, g[0].Z, 1e-6);
        Assert.Equal(-0.28433755158510E-03, g[3].X, 1e-6);
        Assert.Equal(0.99750545315944E-02, g[6].Z, 1e-6);
    }

    [Fact]
    public async Task Gfn1_water_reproduces_xtb_test_gfn1_scc()
    {
        // test/unit/test_gfn1.f90, test_gfn1_scc: acc = 1.0, et = 300.0, maxiter = 50; res%e_total = -5.768694907835.
        var p = Ok(await Run(Water, "gfn1", Driver.Energy, ("acc", "1.0"), ("etemp", "300"), ("iterations", "50")));
        Assert.Equal(-5.768694907835, p.Energy, ReferenceToleranceHartree);
    }

    [Fact]
    public async Task Gfn1_allene_reproduces_xtb_test_gfn1_api()
    {
        // test/unit/test_gfn1.f90, test_gfn1_api: scc_options(maxiter = 30, acc = 1.0, etemp = 300.0); energy = -8.4156335928615.
        var p = Ok(await Run(Allene, "gfn1", Driver.Energy, ("acc", "1.0"), ("etemp", "300"), ("iterations", "30")));
        Assert.Equal(-8.4156335928615, p.Energy, ReferenceToleranceHartree);
    }

    [Fact]
    public async Task Gfnff_energies_reproduce_xtb_test_gfnff_sp_and_hb()
    {
        // test/unit/test_gfnff.f90, test_gfnff_sp: res_gff%e_total = -0.76480130317838 (gas phase, neutral).
        Assert.Equal(-0.76480130317838, Ok(await Run(GfnffSp, "gfnff", Driver.Energy)).Energy, ReferenceToleranceHartree);
        // test/unit/test_gfnff.f90, test_gfnff_hb: res_gff%e_total = -0.949706677118 (gas phase, neutral).
        var hb = Ok(await Run(GfnffHb, "gfnff", Driver.Energy));
        Assert.Equal(-0.949706677118, hb.Energy, ReferenceToleranceHartree);
        Assert.Equal("EEQ (GFN-FF)", hb.ChargeModel);
    }

    [Fact]
    public async Task Gfn2_gbsa_water_reproduces_xtb_test_gfn2gbsa_api()
    {
        // test/unit/test_gfn2.f90, test_gfn2gbsa_api: scc_options(maxiter = 30, acc = 1.0, etemp = 300.0, solvent = "h2o"),
        // GBSA (alpb = .false., Still kernel, the command line's --gbsa); energy = -22.002501380096.
        var p = Ok(await Run(GbsaMolecule, "gfn2", Driver.Energy, ("acc", "1.0"), ("etemp", "300"), ("iterations", "30"), ("gbsa", "h2o")));
        Assert.Equal(-22.002501380096, p.Energy, ReferenceToleranceHartree);
    }

    [Fact]
    public async Task Gradient_agrees_with_a_central_finite_difference_of_energies()
    {
        // A bent, stretched water away from its minimum, so that every component is sizeable.
        var water = Molecule.Create([8, 1, 1], [new Vec3(0.02, -0.01, 0.11), new Vec3(0.0, 0.80, -0.45), new Vec3(0.05, -0.74, -0.50)]);
        // acc = 0.01 converges the SCC energy to 1e-8 Eh, well below what a 0.005 bohr step resolves.
        (string, string)[] tight = [("acc", "0.01")];
        var analytic = Ok(await Run(water, "gfn2", Driver.Gradient, tight)).GradientHartreePerBohr;
        const double stepBohr = 0.005;
        for (int atom = 0; atom < water.AtomCount; atom++)
        {
            for (int axis = 0; axis < 3; axis++)
            {
                async Task<double> EnergyDisplaced(double bohr)
                {
                    var shift = new Vec3(axis == 0 ? bohr : 0, axis == 1 ? bohr : 0, axis == 2 ? bohr : 0) * Units.AngstromPerBohr;
                    var moved = water.WithPositions(water.PositionsAngstrom.Select((p, i) => i == atom ? p + shift : p));
                    return Ok(await Run(moved, "gfn2", Driver.Energy, tight)).Energy;
                }
                double numeric = (await EnergyDisplaced(stepBohr) - await EnergyDisplaced(-stepBohr)) / (2 * stepBohr);
                Assert.True(Math.Abs(numeric - analytic[atom][axis]) < 1e-5,
                    $"atom {atom + 1} axis {axis}: analytic {analytic[atom][axis]:E6}, finite difference {numeric:E6} Eh/bohr");
            }
        }
    }

    [Fact]
    public async Task Optimisation_reaches_a_geometry_whose_separate_gradient_is_below_the_normal_threshold()
    {
        var start = Propyne.WithPositions(Propyne.PositionsAngstrom.Select((p, i) => p + new Vec3(0.08 * ((i % 3) - 1), 0.05 * (i % 2), -0.06 * (i % 2))));
        var startEnergy = Ok(await Run(start, "gfn2", Driver.Energy)).Energy;
        var opt = Ok(await Run(start, "gfn2", Driver.Optimization));
        Assert.True(opt.Energy < startEnergy, $"optimised {opt.Energy} is not below the start {startEnergy}");
        Assert.Equal(start.AtomCount, opt.FinalPositionsAngstrom.Length);
        // xtb's 'normal' level converges the gradient norm to 1e-3 Eh/bohr; a separate run at the final geometry must agree.
        var atMinimum = Ok(await Run(start.WithPositions(opt.FinalPositionsAngstrom), "gfn2", Driver.Gradient));
        Assert.True(Norm(atMinimum.GradientHartreePerBohr) < 1e-3, $"gradient norm {Norm(atMinimum.GradientHartreePerBohr)} Eh/bohr at the optimised geometry");
        Assert.Equal(opt.Energy, atMinimum.Energy, 1e-6);
    }

    [Fact]
    public async Task Optimisation_that_runs_out_of_cycles_is_a_failure()
    {
        var start = Propyne.WithPositions(Propyne.PositionsAngstrom.Select((p, i) => p + new Vec3(0.15 * ((i % 3) - 1), 0.1 * (i % 2), 0)));
        var result = await Run(start, "gfn2", Driver.Optimization, ("cycles", "2"));
        Assert.False(result.Succeeded);
        Assert.Contains("did not converge", result.Error);
    }

    [Fact]
    public async Task Too_few_scc_iterations_give_a_failure_that_says_so()
    {
        // Also shows that 'iterations' reaches xtb: written as "3.0" it was ignored with only a warning.
        var result = await Run(Water, "gfn2", Driver.Energy, ("iterations", "3"));
        Assert.False(result.Succeeded);
        Assert.Contains("SCC did not converge within 3 iterations", result.Error);
    }

    [Fact]
    public async Task Alpb_water_lowers_the_energy_of_water_by_a_hydration_sized_amount()
    {
        var water = Molecule.Create([8, 1, 1], [new Vec3(0, 0, 0.1173), new Vec3(0, 0.7572, -0.4692), new Vec3(0, -0.7572, -0.4692)]);
        var gas = Ok(await Run(water, "gfn2", Driver.Energy)).Energy;
        var solvated = Ok(await Run(water, "gfn2", Driver.Energy, ("alpb", "water"))).Energy;
        double deltaKcal = (solvated - gas) * Units.KcalPerMolPerHartree;
        // The experimental hydration free energy of water is -6.3 kcal/mol; ALPB is a few kcal/mol from it at worst.
        Assert.InRange(deltaKcal, -12.0, -3.0);
    }

    [Fact]
    public async Task Methyl_radical_runs_as_a_doublet_below_its_quartet()
    {
        var methyl = Molecule.Create([6, 1, 1, 1], [new Vec3(0, 0, 0), new Vec3(1.079, 0, 0), new Vec3(-0.5395, 0.9344, 0), new Vec3(-0.5395, -0.9344, 0)]);
        Assert.Equal(2, methyl.Multiplicity);
        var doublet = Ok(await Run(methyl, "gfn2", Driver.Energy)).Energy;
        var quartet = Ok(await Run(methyl.WithChargeAndMultiplicity(0, 4), "gfn2", Driver.Energy)).Energy;
        // Two more unpaired electrons must cost energy (an excited state several eV up); equal energies would mean the spin never reached xtb.
        Assert.True(quartet - doublet > 0.05, $"doublet {doublet}, quartet {quartet} Eh");
    }

    [Fact]
    public async Task Charge_reaches_xtb_and_the_partial_charges_sum_to_it()
    {
        var hydroxide = Molecule.Create([8, 1], [new Vec3(0, 0, 0), new Vec3(0, 0, 0.97)], charge: -1);
        var p = Ok(await Run(hydroxide, "gfn2", Driver.Energy));
        Assert.Equal(-1.0, p.PartialCharges.Sum(), 1e-4);
    }

    [Fact]
    public void Keyword_spellings_of_one_number_fill_to_the_same_keywords_and_hash()
    {
        var probe = Engine.Probe(EngineEnvironment.Current);
        KeywordsOrError Fill(params (string, string)[] kw) =>
            Engine.FillDefaults(new CalculationRequest(Water, "xtb", "gfn2", null, Driver.Energy, kw.Select(k => KeyValuePair.Create(k.Item1, k.Item2))), probe);
        var a = Fill(("acc", "1"), ("iterations", "250.0"));
        var b = Fill(("acc", "1.0"), ("iterations", "250"));
        var none = Fill();
        Assert.Equal(a.Keywords, b.Keywords);
        Assert.Equal(none.Keywords, b.Keywords);
        Assert.Equal("1.0", a.Keywords!["acc"]);
        Assert.Equal("250", a.Keywords["iterations"]);
        var request = new CalculationRequest(Water, "xtb", "gfn2", null, Driver.Energy);
        Assert.Equal(RequestIdentity.Of(request, "6.5.1", a.Keywords).Hash, RequestIdentity.Of(request, "6.5.1", b.Keywords!).Hash);
        Assert.NotNull(Fill(("iterations", "7.5")).Error);
        Assert.NotNull(Fill(("acc", "fast")).Error);
    }

    [Fact]
    public async Task Missing_program_is_a_failed_result_with_the_install_hint()
    {
        var engine = new XtbEngine();
        var empty = new EngineEnvironment(TestData.NewTempDirectory());
        var probe = engine.Probe(empty);
        Assert.False(probe.Found);
        var result = await engine.RunAsync(new CalculationRequest(Water, "xtb", "gfn2", null, Driver.Energy), probe,
            new EngineRunOptions { Environment = empty }, CancellationToken.None);
        Assert.False(result.Succeeded);
        Assert.Contains("apt-get install xtb", result.Error);
    }

    private static double Norm(IEnumerable<Vec3> gradient) => Math.Sqrt(gradient.Sum(g => g.Dot(g)));
}
