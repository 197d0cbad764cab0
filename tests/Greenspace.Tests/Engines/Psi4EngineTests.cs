using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Engines.Psi4;
using Greenspace.Records;
using Greenspace.Tests.Support;
using static Greenspace.Tests.Support.EngineRuns;

namespace Greenspace.Tests.Engines;

/// <summary>
/// The psi4 adapter against psi4 itself: each sample test gives the adapter the molecule, method, basis
/// and options of a sample that Debian's psi4-data ships (/usr/share/psi4/samples/NAME/test.in) and
/// expects the reference values that sample's compare_values lines hold, copied here, to the digits
/// the sample checks.
/// </summary>
public class Psi4EngineTests
{
    private static readonly Psi4Engine _psi4 = new();

    private EngineProbe Probe => _psi4.Probe(EngineEnvironment.Current);

    [Fact]
    public async Task Hf_water_reproduces_sample_tu1_h2o_energy()
    {
        // tu1-h2o-energy: O; H 1 0.96; H 1 0.96 2 104.5; cc-pVDZ; energy('scf') (default scf_type df).
        var water = Triatomic(8, 1, 1, 0.96, 104.5);
        var p = await SucceedAsync(_psi4, Request(water, "psi4", "hf", "cc-pvdz", Driver.Energy));
        Assert.Equal(-76.0266327341067125, p.Energy, 1e-6);
        // Physical checks: water's dipole lies in its molecular (yz) plane; HOMO below LUMO.
        Assert.Equal(0, p.DipoleDebye!.Value.X, 1e-6);
        Assert.InRange(p.DipoleDebye.Value.Norm, 1.5, 2.5);
        Assert.True(p.HomoHartree < 0 && p.LumoHartree > p.HomoHartree);
        Assert.Equal(p.LumoHartree!.Value - p.HomoHartree!.Value, p.HomoLumoGapHartree!.Value, 1e-12);
    }

    [Fact]
    public async Task B3lyp_water_reproduces_sample_dft_b3lyp()
    {
        // dft-b3lyp, first check: scf_type pk, e_convergence 9, (99, 590) grid, aug-cc-pVDZ,
        // closed-shell water; psi4's reference is NWChem's value.
        var water = Molecule.Create([8, 1, 1],
            [new Vec3(-1.551007, -0.114520, 0), new Vec3(-1.934259, 0.762503, 0), new Vec3(-0.599677, 0.040712, 0)]);
        var p = await SucceedAsync(_psi4, Request(water, "psi4", "b3lyp", "aug-cc-pvdz", Driver.Energy,
            ("scf_type", "pk"), ("e_convergence", "9"), ("dft_spherical_points", "590"), ("dft_radial_points", "99")));
        Assert.Equal(-76.444577160243, p.Energy, 1e-5);
    }

    [Fact]
    public async Task Mp2_optimisation_reproduces_sample_mp2_1()
    {
        // mp2-1: O; H 1 1.0; H 1 1.0 2 106.0; 6-31G**; reference rhf; d_ and e_convergence 9;
        // mp2_type conv; optimize('mp2').
        var water = Triatomic(8, 1, 1, 1.0, 106.0);
        var p = await SucceedAsync(_psi4, Request(water, "psi4", "mp2", "6-31g**", Driver.Optimization,
            ("reference", "rhf"), ("d_convergence", "9"), ("e_convergence", "9"), ("mp2_type", "conv")));
        Assert.Equal(-76.2224486598878, p.Energy, 1e-6);
        // The sample checks the optimised geometry through its nuclear repulsion energy; computed
        // here from the returned positions, independently of psi4.
        Assert.Equal(9.1622581908184, NuclearRepulsionHartree(water.AtomicNumbers, p.FinalPositionsAngstrom), 1e-3);
    }

    [Fact]
    public async Task Ccsdt_gradient_reproduces_sample_cc13c()
    {
        // cc13c, first molecule: water in bohr (already at its centre of mass, in the frame psi4
        // keeps), reference rhf, cc-pVDZ, r_/e_/d_convergence 14; gradient('ccsd(t)') against CFOUR.
        var water = Molecule.Create([1, 8, 1], new[]
        {
            new Vec3(0, 1.344767972762, 0.924701422022),
            new Vec3(0, 0, -0.116529192243),
            new Vec3(0, -1.344767972762, 0.924701422022),
        }.Select(v => v * Units.AngstromPerBohr));
        var p = await SucceedAsync(_psi4, Request(water, "psi4", "ccsd(t)", "cc-pvdz", Driver.Gradient,
            ("reference", "rhf"), ("r_convergence", "14"), ("e_convergence", "14"), ("d_convergence", "14")));
        double[,] cfour = { { 0, -0.0655653749, -0.0499834310 }, { 0, 0, 0.0999668620 }, { 0, 0.0655653749, -0.0499834310 } };
        for (int i = 0; i < 3; i++)
            for (int a = 0; a < 3; a++)
                Assert.Equal(cfour[i, a], p.GradientHartreePerBohr[i][a], 1e-8);
        // Orbitals are the reference RHF's: HOMO below LUMO, and no dipole claimed for CCSD(T).
        Assert.True(p.HomoHartree < 0 && p.LumoHartree > p.HomoHartree);
        Assert.Null(p.DipoleDebye);
        Assert.True(p.Energy < p.Extras["scf_total_energy_hartree"]);
    }

    [Fact]
    public async Task A_gradient_at_the_optimised_geometry_is_below_the_optimisers_threshold()
    {
        // A bent, stretched water relaxed at HF/STO-3G with psi4's default QCHEM criteria (max force
        // 3e-4 Eh/bohr, with energy change 1e-6 or max step 1.2e-3), then a separate gradient call.
        var start = Triatomic(8, 1, 1, 1.05, 120);
        var opt = await SucceedAsync(_psi4, Request(start, "psi4", "hf", "sto-3g", Driver.Optimization));
        Assert.Equal("qchem", Psi4Defaults.ByVersion["1.3"].GConvergence);
        var relaxed = start.WithPositions(opt.FinalPositionsAngstrom);
        var grad = await SucceedAsync(_psi4, Request(relaxed, "psi4", "hf", "sto-3g", Driver.Gradient));
        // optking tests forces on internal coordinates (two O-H stretches and the bend), so the
        // Cartesian gradient is projected onto them, as optking does, before the comparison.
        var internalForces = TriatomicInternalGradient(relaxed.PositionsAngstrom, grad.GradientHartreePerBohr);
        Assert.True(internalForces.Max(Math.Abs) < 3e-4, $"internal-coordinate gradient {string.Join(", ", internalForces)} (Eh/bohr, Eh/bohr, Eh/rad)");
        // Same geometry, same SCF thresholds (1e-8): the two paths give the same energy.
        Assert.Equal(opt.Energy, grad.Energy, 1e-7);
        // Translational invariance: the gradient sums to zero.
        var sum = grad.GradientHartreePerBohr.Aggregate(Vec3.Zero, (a, g) => a + g);
        Assert.True(sum.Norm < 1e-6);
    }

    [Fact]
    public async Task A_basis_file_gives_the_library_basis_numbers_and_its_content_enters_the_identity()
    {
        var water = Triatomic(8, 1, 1, 0.96, 104.5);
        var library = Psi4BasisLibrary.LibraryDirectory(Probe)!;
        var dir = TestData.NewTempDirectory();
        try
        {
            var copy = Path.Combine(dir, "my-cc-pvdz.gbs");
            File.Copy(Path.Combine(library, "cc-pvdz.gbs"), copy);

            // Same functions under another name, with the fitting basis psi4 pairs with cc-pVDZ (a file
            // brings none, and psi4 would fall back to def2-qzvpp-jkfit): tu1-h2o-energy's reference again.
            var request = Request(water, "psi4", "hf", "cc-pvdz", Driver.Energy, ("basis_file", copy), ("df_basis_scf", "cc-pvdz-jkfit"));
            var p = await SucceedAsync(_psi4, request);
            Assert.Equal(-76.0266327341067125, p.Energy, 1e-6);
            Assert.Equal("def2-qzvpp-jkfit", Filled(_psi4, Request(water, "psi4", "hf", "cc-pvdz", Driver.Energy, ("basis_file", copy)), Probe).Keywords["df_basis_scf"]);

            var before = Filled(_psi4, request, Probe);
            Assert.Equal(RequestIdentity.Sha256Hex(File.ReadAllText(copy)), before.Keywords["basis_file_sha256"]);
            Assert.Equal("true", before.Keywords["basis_puream"]);
            File.WriteAllText(copy, File.ReadAllText(copy).Replace("0.1220000", "0.1230000"));
            var after = Filled(_psi4, request, Probe);
            Assert.NotEqual(RequestIdentity.Of(before, Probe.Version!, before.Keywords).Hash, RequestIdentity.Of(after, Probe.Version!, after.Keywords).Hash);

            // A file changed after the request was filled is refused rather than run under the old identity.
            var stale = await _psi4.RunAsync(before, Probe, Options(), CancellationToken.None);
            Assert.False(stale.Succeeded);
            Assert.Contains("has changed", stale.Error);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Defaults_follow_psi4_1_3_per_method_and_driver()
    {
        var water = Triatomic(8, 1, 1, 0.96, 104.5);
        var k = (string method, string basis, Driver driver, (string, string)[] kw) =>
            Filled(_psi4, Request(water, "psi4", method, basis, driver, kw), Probe).Keywords;

        var dft = k("b3lyp", "cc-pvdz", Driver.Energy, []);
        Assert.Equal("df", dft["scf_type"]);
        Assert.Equal("1E-06", dft["scf__e_convergence"]);
        Assert.Equal("1E-06", dft["scf__d_convergence"]);
        Assert.Equal("302", dft["dft_spherical_points"]);
        Assert.Equal("75", dft["dft_radial_points"]);
        Assert.Equal("rhf", dft["reference"]);
        Assert.Equal("sad", dft["guess"]);
        Assert.Equal("true", dft["basis_puream"]);

        Assert.Equal("1E-08", k("hf", "cc-pvdz", Driver.Gradient, [])["scf__d_convergence"]);
        Assert.Equal("false", k("hf", "6-31g*", Driver.Energy, [])["basis_puream"]);

        var mp2 = k("mp2", "cc-pvdz", Driver.Gradient, []);
        Assert.Equal(("df", "df", "false", "1E-10"), (mp2["mp2_type"], mp2["scf_type"], mp2["freeze_core"], mp2["scf__e_convergence"]));
        Assert.Equal("pk", k("mp2", "cc-pvdz", Driver.Energy, [("mp2_type", "conv")])["scf_type"]);
        Assert.Equal("df", k("mp2", "cc-pvdz", Driver.Energy, [("mp2_type", "DF")])["scf_type"]);

        var cc = k("ccsd(t)", "cc-pvdz", Driver.Energy, [("e_convergence", "10")]);
        Assert.Equal(cc, k("ccsd(t)", "cc-pvdz", Driver.Energy, [("e_convergence", "1e-10")]));
        Assert.Equal(("conv", "pk", "1E-10", "1E-10", "1E-08", "1E-07"),
            (cc["cc_type"], cc["scf_type"], cc["e_convergence"], cc["scf__e_convergence"], cc["scf__d_convergence"], cc["r_convergence"]));

        var opt = k("hf", "sto-3g", Driver.Optimization, []);
        Assert.Equal(("qchem", "50"), (opt["g_convergence"], opt["geom_maxiter"]));

        var doublet = Molecule.Create([8, 1], [Vec3.Zero, new Vec3(0, 0, 0.97)]);
        Assert.Equal("uhf", Filled(_psi4, Request(doublet, "psi4", "hf", "cc-pvdz", Driver.Energy), Probe).Keywords["reference"]);
    }

    [Theory]
    [InlineData("mp3", "cc-pvdz", "has no method 'mp3'")]
    [InlineData("hf", "cc-pvdz-nonsense", "has no basis set 'cc-pvdz-nonsense'")]
    public void Requests_it_cannot_run_get_one_sentence(string method, string basis, string expected)
    {
        var water = Triatomic(8, 1, 1, 0.96, 104.5);
        var filled = _psi4.FillDefaults(Request(water, "psi4", method, basis, Driver.Energy), Probe);
        Assert.Null(filled.Keywords);
        Assert.Contains(expected, filled.Error);
    }

    [Fact]
    public void Keywords_that_are_not_psi4_options_or_could_break_its_input_are_refused()
    {
        var water = Triatomic(8, 1, 1, 0.96, 104.5);
        Assert.Contains("not an option name", _psi4.FillDefaults(Request(water, "psi4", "hf", "sto-3g", Driver.Energy, ("scf-type", "pk")), Probe).Error);
        Assert.Contains("characters psi4's input cannot take", _psi4.FillDefaults(Request(water, "psi4", "hf", "sto-3g", Driver.Energy, ("guess", "sad\nimport os")), Probe).Error);
        Assert.Contains("belong to an optimisation", _psi4.FillDefaults(Request(water, "psi4", "hf", "sto-3g", Driver.Energy, ("g_convergence", "gau")), Probe).Error);
    }

    /// <summary>
    /// The gradient on the internal coordinates (r01, r02, angle 1-0-2) of a triatomic with atom 0 in
    /// the middle, from the Cartesian gradient: g_q = (B B^T)^-1 B g_x with Wilson's B matrix (bohr, rad).
    /// </summary>
    internal static double[] TriatomicInternalGradient(IReadOnlyList<Vec3> positionsAngstrom, IReadOnlyList<Vec3> gradient)
    {
        var r = positionsAngstrom.Select(p => p * Units.BohrPerAngstrom).ToArray();
        Vec3 d1 = r[1] - r[0], d2 = r[2] - r[0];
        double l1 = d1.Norm, l2 = d2.Norm;
        Vec3 e1 = d1 * (1 / l1), e2 = d2 * (1 / l2);
        double cos = e1.Dot(e2), sin = Math.Sqrt(1 - cos * cos);
        Vec3 t1 = (cos * e1 - e2) * (1 / (l1 * sin)), t2 = (cos * e2 - e1) * (1 / (l2 * sin));
        var b = new Vec3[3][]
        {
            [e1 * -1, e1, Vec3.Zero],
            [e2 * -1, Vec3.Zero, e2],
            [(t1 + t2) * -1, t1, t2],
        };
        double Row(Vec3[] x, Vec3[] y) => x.Zip(y, (u, v) => u.Dot(v)).Sum();
        var g = new double[3, 3];
        var rhs = new double[3];
        for (int i = 0; i < 3; i++)
        {
            rhs[i] = Row(b[i], [.. gradient]);
            for (int j = 0; j < 3; j++)
                g[i, j] = Row(b[i], b[j]);
        }
        double Det(double[,] m) =>
            m[0, 0] * (m[1, 1] * m[2, 2] - m[1, 2] * m[2, 1]) - m[0, 1] * (m[1, 0] * m[2, 2] - m[1, 2] * m[2, 0]) + m[0, 2] * (m[1, 0] * m[2, 1] - m[1, 1] * m[2, 0]);
        double det = Det(g);
        return [.. Enumerable.Range(0, 3).Select(c =>
        {
            var m = (double[,])g.Clone();
            for (int i = 0; i < 3; i++)
                m[i, c] = rhs[i];
            return Det(m) / det;
        })];
    }

    /// <summary>Sum over atom pairs of Z_i Z_j / r_ij, in Hartree with r in bohr.</summary>
    internal static double NuclearRepulsionHartree(IReadOnlyList<int> z, IReadOnlyList<Vec3> positionsAngstrom)
    {
        double e = 0;
        for (int i = 0; i < z.Count; i++)
            for (int j = i + 1; j < z.Count; j++)
                e += z[i] * z[j] / (Vec3.Distance(positionsAngstrom[i], positionsAngstrom[j]) * Units.BohrPerAngstrom);
        return e;
    }
}
