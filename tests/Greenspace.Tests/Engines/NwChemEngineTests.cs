using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Engines.NwChem;
using Greenspace.Engines.Psi4;
using Greenspace.Records;
using Greenspace.Tests.Support;
using static Greenspace.Tests.Support.EngineRuns;

namespace Greenspace.Tests.Engines;

/// <summary>
/// The nwchem adapter against two independent references: psi4 running the same calculation, and
/// QM9's published B3LYP/6-31G(2df,p) energies.
/// </summary>
public class NwChemEngineTests
{
    private static readonly NwChemEngine _nwchem = new();
    private static readonly Psi4Engine _psi4 = new();

    private EngineProbe Probe => _nwchem.Probe(EngineEnvironment.Current);

    private static readonly Molecule Water = Molecule.Create([8, 1, 1],
        [new Vec3(0, 0, 0.117790), new Vec3(0, 0.755453, -0.471161), new Vec3(0, -0.755453, -0.471161)]);

    [Fact]
    public async Task B3lyp_water_agrees_with_psi4()
    {
        // Both spherical cc-pVDZ from the programs' own libraries (the same EMSL coefficients), exact
        // Coulomb and exchange (psi4 scf_type pk; NWChem fits nothing unless given a fitting basis),
        // tight SCF, and large grids: psi4 (99 radial, 590 Lebedev points) with Treutler partitioning,
        // NWChem "xfine" (100 Mura-Knowles radial, 1454 Lebedev points on O and 1202 on H, pruned,
        // Erf1 weights). Both "b3lyp"s use VWN1-RPA local correlation (psi4 prints "VWN5_RPA", the
        // same for closed shells; NWChem prints "VWN I RPA"). What remains is the quadrature: the
        // energies differ by 2e-8 Eh here (2e-7 Eh for the open-shell case below).
        var p = await SucceedAsync(_psi4, Request(Water, "psi4", "b3lyp", "cc-pvdz", Driver.Energy,
            ("scf_type", "pk"), ("e_convergence", "1e-10"), ("d_convergence", "1e-10"), ("dft_radial_points", "99"), ("dft_spherical_points", "590")));
        var n = await SucceedAsync(_nwchem, Request(Water, "nwchem", "b3lyp", "cc-pvdz", Driver.Energy,
            ("spherical", "true"), ("grid", "xfine"), ("convergence_energy", "1e-10"), ("convergence_density", "1e-8")));
        Assert.Equal(p.Energy, n.Energy, 1e-4);
        // NWChem prints orbital energies with 7 significant digits and the dipole with 6 decimals (a.u.).
        Assert.Equal(p.HomoHartree!.Value, n.HomoHartree!.Value, 1e-5);
        Assert.Equal(p.LumoHartree!.Value, n.LumoHartree!.Value, 1e-5);
        Assert.Equal(p.DipoleDebye!.Value.Z, n.DipoleDebye!.Value.Z, 1e-3);
    }

    [Fact]
    public async Task Hf_gradient_agrees_with_psi4_in_the_callers_frame()
    {
        // A distorted water, so that every atom has a gradient; psi4 with exact integrals.
        var bent = Molecule.Create([8, 1, 1], [new Vec3(0.05, 0, 0.1), new Vec3(0, 0.8, -0.45), new Vec3(0.1, -0.7, -0.5)]);
        var p = await SucceedAsync(_psi4, Request(bent, "psi4", "hf", "cc-pvdz", Driver.Gradient, ("scf_type", "pk"), ("d_convergence", "1e-10")));
        var n = await SucceedAsync(_nwchem, Request(bent, "nwchem", "hf", "cc-pvdz", Driver.Gradient, ("spherical", "true"), ("thresh", "1e-8")));
        Assert.Equal(p.Energy, n.Energy, 1e-7);
        Assert.Equal(p.HomoHartree!.Value, n.HomoHartree!.Value, 1e-5);
        Assert.Equal(p.LumoHartree!.Value, n.LumoHartree!.Value, 1e-5);
        for (int i = 0; i < 3; i++)
            for (int a = 0; a < 3; a++)
                Assert.Equal(p.GradientHartreePerBohr[i][a], n.GradientHartreePerBohr[i][a], 2e-6);
    }

    [Fact]
    public async Task Open_shell_b3lyp_hydroxyl_agrees_with_psi4()
    {
        // OH radical, unrestricted on both sides (psi4 UKS, NWChem odft). For open shells VWN1-RPA
        // (NWChem) and psi4's VWN-RPA differ in their spin interpolation; psi4's own sample
        // dft-b3lyp checks them against each other to 1e-5 Eh on H2O+, so 1e-4 leaves room for grids.
        var hydroxyl = Molecule.Create([8, 1], [Vec3.Zero, new Vec3(0, 0, 0.97)]);
        Assert.Equal(2, hydroxyl.Multiplicity);
        // (Neither program's unrestricted SCF reaches the closed-shell test's 1e-10 here within 100 and
        // 30 iterations; these looser thresholds still leave errors far below 1e-4.)
        var p = await SucceedAsync(_psi4, Request(hydroxyl, "psi4", "b3lyp", "cc-pvdz", Driver.Energy,
            ("scf_type", "pk"), ("e_convergence", "1e-9"), ("d_convergence", "1e-8"), ("dft_radial_points", "99"), ("dft_spherical_points", "590")));
        var n = await SucceedAsync(_nwchem, Request(hydroxyl, "nwchem", "b3lyp", "cc-pvdz", Driver.Energy,
            ("spherical", "true"), ("grid", "xfine"), ("convergence_energy", "1e-8"), ("convergence_density", "1e-6"), ("iterations", "100")));
        Assert.Equal(p.Energy, n.Energy, 1e-4);
        Assert.Equal(p.HomoHartree!.Value, n.HomoHartree!.Value, 1e-4);
        Assert.Equal(p.LumoHartree!.Value, n.LumoHartree!.Value, 1e-4);
    }

    [Theory]
    [Trait(Category.Name, Category.Slow)]
    [InlineData(1)]
    [InlineData(7)]
    public async Task B3lyp_6_31g_2df_p_energy_matches_qm9(int qm9Id)
    {
        // QM9 (Ramakrishnan et al. 2014) computed B3LYP/6-31G(2df,p) with Gaussian 09 at these
        // geometries; its U0 is the electronic energy plus the zero-point energy, so U0 - ZPVE is
        // the electronic energy. The basis comes from nwchem-data, spherical as QM9 needs (Cartesian
        // is 2 mEh lower on CH4). That file is not Gaussian's 6-31G(2df,p): its hydrogen has two p
        // shells (1.5, 0.375) where Gaussian's has one. Measured with it (medium grid), E - (U0 - ZPVE)
        // is -0.45 mEh for CH4 (id 1) and -0.70 for C2H6 (id 7), the two tested here, but -1.01 for
        // NH3, +1.04 for H2O and +1.84 for HCN, so 1 mEh is not a bound for every QM9 molecule.
        var (molecule, u0, zpve) = ReadQm9(qm9Id);
        var request = Request(molecule, "nwchem", "b3lyp", "6-31g(2df,p)", Driver.Energy, ("spherical", "true"));
        var filled = Filled(_nwchem, request, Probe);
        Assert.Equal(Path.Combine(NwChemBasisLibrary.Directory(Probe.ExecutablePath)!, "6-31g2df_p"), filled.Keywords["basis_file"]);
        Assert.Equal(RequestIdentity.Sha256Hex(File.ReadAllText(filled.Keywords["basis_file"])), filled.Keywords["basis_file_sha256"]);

        var n = await SucceedAsync(_nwchem, request);
        Assert.Equal(u0 - zpve, n.Energy, 1e-3);
    }

    [Fact]
    public void Defaults_record_the_basis_file_its_shape_and_nwchem_7_0_settings()
    {
        var dft = Filled(_nwchem, Request(Water, "nwchem", "b3lyp", "cc-pvdz", Driver.Energy), Probe).Keywords;
        Assert.Equal(("medium", "1E-06", "1E-05", "5E-04", "30", "rhf", "false"),
            (dft["grid"], dft["convergence_energy"], dft["convergence_density"], dft["convergence_gradient"], dft["iterations"], dft["reference"], dft["spherical"]));
        // NWChem's own default, whatever the library file's tag says (cc-pvdz's says SPHERICAL).
        Assert.EndsWith("/cc-pvdz", dft["basis_file"]);
        var hf = Filled(_nwchem, Request(Water, "nwchem", "hf", "6-31g*", Driver.Gradient), Probe).Keywords;
        Assert.Equal(("1E-04", "30", "true"), (hf["thresh"], hf["maxiter"], Filled(_nwchem, Request(Water, "nwchem", "hf", "6-31g*", Driver.Gradient, ("spherical", "TRUE")), Probe).Keywords["spherical"]));
        Assert.False(hf.ContainsKey("grid"));
    }

    [Theory]
    [InlineData("mp2", "cc-pvdz", Driver.Energy, "", "has no method 'mp2'")]
    [InlineData("b3lyp", "cc-pvdz", Driver.Optimization, "", "energies and gradients only")]
    [InlineData("b3lyp", "no-such-basis", Driver.Energy, "", "has no basis set called 'no-such-basis'")]
    [InlineData("b3lyp", "cc-pvdz", Driver.Energy, "thresh", "is not one the adapter takes")]
    [InlineData("b3lyp", "6-31g*", Driver.Energy, "iodine", "has no functions for I")]
    public void Requests_it_cannot_run_get_one_sentence(string method, string basis, Driver driver, string twist, string expected)
    {
        var molecule = twist == "iodine" ? Molecule.Create([53, 1], [Vec3.Zero, new Vec3(0, 0, 1.61)]) : Water;
        var keywords = twist == "thresh" ? new[] { ("thresh", "1e-6") } : [];
        var filled = _nwchem.FillDefaults(Request(molecule, "nwchem", method, basis, driver, keywords), Probe);
        Assert.Null(filled.Keywords);
        Assert.Contains(expected, filled.Error);
    }

    /// <summary>
    /// Molecule <paramref name="id"/> of the bundled QM9 extxyz, with its U0 and ZPVE (Hartree). A
    /// minimal reader for this test only: count line, a comment of key=value pairs, then "El x y z".
    /// </summary>
    private static (Molecule Molecule, double U0, double Zpve) ReadQm9(int id)
    {
        var lines = File.ReadAllLines(TestData.DataFile("qm9-subset", "qm9_20_b3lyp.extxyz"));
        for (int i = 0; i < lines.Length;)
        {
            int n = int.Parse(lines[i].Trim(), CultureInfo.InvariantCulture);
            var fields = lines[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(f => f.Split('=', 2)).Where(kv => kv.Length == 2).ToDictionary(kv => kv[0], kv => kv[1]);
            if (fields["id"] == id.ToString(CultureInfo.InvariantCulture))
            {
                var atoms = lines[(i + 2)..(i + 2 + n)].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
                var z = atoms.Select(a => Elements.TryParse(a[0], out var number) ? number : throw new FormatException(a[0]));
                var r = atoms.Select(a => new Vec3(double.Parse(a[1], CultureInfo.InvariantCulture), double.Parse(a[2], CultureInfo.InvariantCulture), double.Parse(a[3], CultureInfo.InvariantCulture)));
                return (Molecule.Create(z, r), double.Parse(fields["energy_U0"], CultureInfo.InvariantCulture), double.Parse(fields["zpve"], CultureInfo.InvariantCulture));
            }
            i += n + 2;
        }
        throw new InvalidOperationException($"QM9 molecule {id} is not in the bundled subset");
    }
}
