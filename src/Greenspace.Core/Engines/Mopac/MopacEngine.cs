using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Engines.Mopac;

/// <summary>
/// MOPAC (openmopac; Debian package <c>mopac</c>, 22.0.6): NDDO semiempirical single points, gradients
/// and optimisations with PM7, PM6 and their relatives. The energy is MOPAC's heat of formation at
/// 298 K in kcal/mol (<see cref="EnergyKind.HeatOfFormation"/>), not a total energy; MOPAC's valence
/// total energy goes to the extras in eV. Also the HOMO and LUMO, dipole, charges and, for an
/// optimisation, the final geometry.
/// </summary>
/// <remarks>
/// Behaviour measured on 22.0.6 and handled here: mopac exits 0 whatever happens (a missing input, a
/// "GEOMETRY IN ERROR", missing parameters, too many cycles), and even a stopped job ends its output
/// with "JOB ENDED NORMALLY"; what went wrong is listed in a box headed "Error and normal termination
/// messages", which is read for the reason. Without keywords MOPAC optimises, so single points and
/// gradients say 1SCF. The .aux file (AUX(PRECISION=9)) has the numbers at full precision with Fortran
/// <c>D</c> exponents; the total energy is printed only with DISP, which changes nothing else. Atoms
/// closer than 0.5 angstrom still give "normal" results with absurd heats, so MOPAC's own warning for a
/// heat above 10^4 kcal/mol is a failure here. Open shells run UHF with the spin state named.
/// Keywords: <c>gnorm</c> (kcal/mol/angstrom, default 1.0: MOPAC's own default, about 8e-4 Eh/bohr,
/// the size of xtb's 'normal' threshold), <c>cycles</c> (0 for MOPAC's limit), <c>precise</c>
/// (true/false), <c>eps</c> (COSMO dielectric constant, or none), <c>reference</c> (rhf/uhf).
/// </remarks>
public sealed partial class MopacEngine : ProcessEngine
{
    public override string Name => "mopac";
    protected override string ExecutableName => "mopac";
    public override string InstallHint => "apt-get install mopac";

    private static readonly ImmutableDictionary<string, string> MethodKeywords = new Dictionary<string, string>
    {
        ["pm7"] = "PM7",
        ["pm6"] = "PM6",
        ["pm6-d3h4"] = "PM6-D3H4",
        ["pm3"] = "PM3",
        ["am1"] = "AM1",
        ["rm1"] = "RM1",
        ["mndo"] = "MNDO",
    }.ToImmutableDictionary();

    private static readonly string[] SpinStates = ["", "SINGLET", "DOUBLET", "TRIPLET", "QUARTET", "QUINTET", "SEXTET", "SEPTET", "OCTET", "NONET"];

    private static readonly string[] KnownKeywords = ["cycles", "eps", "gnorm", "precise", "reference"];

    // Optimiser endings MOPAC prints as a plain line, not in its error box, though the geometry is not a minimum.
    private static readonly string[] OptimisationFailures =
    [
        "THE LINE MINIMIZATION FAILED TWICE IN A ROW",
        "BFGS FAILED DUE TO COUNTS EXCEEDED",
        "THIS MESSAGE SHOULD NEVER APPEAR",
        "A FAILURE HAS OCCURRED, TREAT RESULTS WITH CAUTION",
        "CYCLES EXCEEDED, GRADIENT NOT FULLY MINIMIZED",
    ];

    protected override string? ReadVersion(string executablePath, EngineEnvironment environment)
    {
        var m = VersionPattern().Match(RunForText(executablePath, environment, "-V"));
        return m.Success ? m.Groups[1].Value : null;
    }

    public override KeywordsOrError FillDefaults(CalculationRequest request, EngineProbe probe)
    {
        if (!MethodKeywords.ContainsKey(request.Method))
            return KeywordsOrError.Fail($"mopac has no method '{request.Method}'; use one of {string.Join(", ", MethodKeywords.Keys.Order())}");
        if (request.Basis is not null)
            return KeywordsOrError.Fail($"MOPAC's methods carry their own minimal basis, but '{request.Basis}' was given; leave the basis empty");
        if (request.Molecule.Multiplicity >= SpinStates.Length)
            return KeywordsOrError.Fail($"MOPAC names spin states up to a nonet (multiplicity 9), but {request.Molecule} has multiplicity {request.Molecule.Multiplicity}");
        var unknown = request.Keywords.Keys.Where(k => !KnownKeywords.Contains(k)).ToList();
        if (unknown.Count > 0)
            return KeywordsOrError.Fail($"mopac does not know the keyword(s) {string.Join(", ", unknown)}; known are {string.Join(", ", KnownKeywords)}");

        var k = new SortedDictionary<string, string>(request.Keywords, StringComparer.Ordinal);
        // MOPAC 22 defaults (its manual): closed shells RHF, no PRECISE, gas phase, GNORM = 1 kcal/mol/angstrom.
        var precise = k.GetValueOrDefault("precise", "false").ToLowerInvariant();
        if (precise is not ("true" or "false"))
            return KeywordsOrError.Fail($"mopac keyword 'precise' is true or false, not '{precise}'");
        k["precise"] = precise;

        var eps = k.GetValueOrDefault("eps", "none").ToLowerInvariant();
        if (eps != "none")
        {
            if (!double.TryParse(eps, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) || !(e >= 1))
                return KeywordsOrError.Fail($"mopac keyword 'eps' is a dielectric constant of at least 1 (78.4 for water) or none, not '{eps}'");
            eps = Canonical(e);
        }
        k["eps"] = eps;

        var reference = k.GetValueOrDefault("reference", request.Molecule.Multiplicity == 1 ? "rhf" : "uhf").ToLowerInvariant();
        if (reference is not ("rhf" or "uhf"))
            return KeywordsOrError.Fail($"mopac keyword 'reference' is rhf or uhf, not '{reference}'");
        k["reference"] = reference;

        if (request.Driver == Driver.Optimization)
        {
            var gnorm = k.GetValueOrDefault("gnorm", "1.0");
            if (!double.TryParse(gnorm, NumberStyles.Float, CultureInfo.InvariantCulture, out var g) || !(g > 0))
                return KeywordsOrError.Fail($"mopac keyword 'gnorm' is a gradient norm in kcal/mol/angstrom above 0, not '{gnorm}'");
            k["gnorm"] = Canonical(g);
            var cycles = k.GetValueOrDefault("cycles", "0");
            if (!int.TryParse(cycles, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) || c < 0)
                return KeywordsOrError.Fail($"mopac keyword 'cycles' is a whole number of at least 0 (0 for MOPAC's own limit), not '{cycles}'");
            k["cycles"] = c.ToString(CultureInfo.InvariantCulture);
        }
        else if (k.ContainsKey("gnorm") || k.ContainsKey("cycles"))
        {
            return KeywordsOrError.Fail("the keywords 'gnorm' and 'cycles' belong to an optimisation; use the optimization driver");
        }
        return KeywordsOrError.Ok(k);
    }

    // One spelling per number, so that "1" and "1.0" share a store entry.
    private static string Canonical(double x) => x.ToString(x == Math.Floor(x) ? "0.0" : "R", CultureInfo.InvariantCulture);

    protected override async Task<CalculationResult> RunFoundAsync(CalculationRequest request, EngineProbe probe, EngineRunOptions options, CancellationToken cancellationToken)
    {
        var mol = request.Molecule;
        int n = mol.AtomCount;
        using var scratch = new Scratch(options, Name);
        await File.WriteAllTextAsync(scratch.File("input.mop"), InputDeck(request, options.Threads), cancellationToken);

        // An empty standard input: MOPAC waits for a key press when it cannot start a job.
        var spec = new ProcessSpec(probe.ExecutablePath!, ["input.mop"], scratch.Path, options.TimeLimit)
        {
            Environment = ThreadEnvironment(options),
            StandardInput = "",
        };
        var outcome = await ProcessRunner.RunAsync(spec, cancellationToken);
        var output = ReadIfExists(scratch.File("input.out"));
        if (FailureIfAbnormal(outcome, probe, options.TimeLimit, Tail(output)) is { } abnormal)
            return abnormal;
        if (output is null)
            return Failure("mopac exited without writing input.out", probe, outcome);

        var messages = ErrorMessages(output);
        if (messages.Count > 0)
            return Failure($"MOPAC stopped: {string.Join("; ", messages)}", probe, outcome, Tail(output));
        if (!output.Contains("JOB ENDED NORMALLY", StringComparison.Ordinal))
            return Failure("MOPAC's output does not end with JOB ENDED NORMALLY", probe, outcome, Tail(output));
        if (output.Contains("FAILED TO ACHIEVE SCF", StringComparison.Ordinal))
            return Failure("MOPAC's SCF did not converge", probe, outcome, Tail(output));
        if (output.Contains("Calculated Heat of Formation is very large", StringComparison.Ordinal))
            return Failure("MOPAC's heat of formation is above 10^4 kcal/mol, which MOPAC itself flags as very large; check the geometry for atoms far too close", probe, outcome, Tail(output));
        if (request.Driver == Driver.Optimization && OptimisationFailures.FirstOrDefault(f => output.Contains(f, StringComparison.Ordinal)) is { } failed)
            return Failure($"MOPAC's geometry optimisation did not converge ({failed})", probe, outcome, Tail(output));

        var auxText = ReadIfExists(scratch.File("input.aux"));
        if (auxText is null)
            return Failure("MOPAC finished without writing input.aux", probe, outcome, Tail(output));
        var aux = new AuxFile(auxText);
        if (aux.Scalar("HEAT_OF_FORMATION:KCAL/MOL") is not { } heat || !double.IsFinite(heat))
            return Failure("MOPAC's input.aux holds no heat of formation", probe, outcome, Tail(output));

        var props = new ResultProperties { EnergyKind = EnergyKind.HeatOfFormation, Energy = heat };
        var extras = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var (pattern, key) in new[] { (TotalEnergyPattern(), "total_energy_ev"), (ElectronicEnergyPattern(), "electronic_energy_ev"), (CoreRepulsionPattern(), "core_core_repulsion_ev") })
        {
            var m = pattern.Matches(output);
            if (m.Count > 0)
                extras[key] = double.Parse(m[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        }
        // A single point has no variables, and MOPAC reports its gradient norm as 0.
        if (request.Driver != Driver.Energy && aux.Scalar("GRADIENT_NORM:KCAL/MOL/ANGSTROM") is { } gnorm)
            extras["gradient_norm_kcal_per_mol_per_angstrom"] = gnorm;

        if (aux.Array("DIP_VEC:DEBYE") is { Length: 3 } d)
            props = props with { DipoleDebye = new Vec3(d[0], d[1], d[2]) };
        if (aux.Array("ATOM_CHARGES") is { } q && q.Length == n)
            props = props with { PartialCharges = [.. q], ChargeModel = $"Mulliken ({MethodKeywords[request.Method]}, ZDO)" };
        if (FrontierOrbitalsEv(aux) is var (homoEv, lumoEv))
        {
            props = props with
            {
                HomoHartree = homoEv / Units.ElectronVoltPerHartree,
                LumoHartree = lumoEv / Units.ElectronVoltPerHartree,
                HomoLumoGapHartree = (lumoEv - homoEv) / Units.ElectronVoltPerHartree,
            };
        }

        if (request.Driver == Driver.Gradient)
        {
            if (aux.Array("GRADIENTS:KCAL/MOL/ANGSTROM") is not { } g || g.Length != 3 * n)
                return Failure("MOPAC was asked for gradients but input.aux holds none for every atom", probe, outcome, Tail(output));
            // d(heat)/dR equals dE/dR: the atoms' heats of formation are constants.
            const double toHartreePerBohr = Units.AngstromPerBohr / Units.KcalPerMolPerHartree;
            props = props with { GradientHartreePerBohr = [.. Enumerable.Range(0, n).Select(i => new Vec3(g[3 * i], g[3 * i + 1], g[3 * i + 2]) * toHartreePerBohr)] };
        }
        else if (request.Driver == Driver.Optimization)
        {
            if (aux.Array("ATOM_X_OPT:ANGSTROMS") is not { } x || x.Length != 3 * n)
                return Failure("MOPAC's optimisation left no final geometry in input.aux", probe, outcome, Tail(output));
            var cycles = CyclePattern().Matches(output);
            props = props with
            {
                FinalPositionsAngstrom = [.. Enumerable.Range(0, n).Select(i => new Vec3(x[3 * i], x[3 * i + 1], x[3 * i + 2]))],
                Iterations = cycles.Count > 0 ? int.Parse(cycles[^1].Groups[1].Value, CultureInfo.InvariantCulture) : null,
            };
        }
        return CalculationResult.Success(props with { Extras = extras.ToImmutable() }, MakeProvenance(probe, outcome), outcome.Cost);
    }

    /// <summary>The .mop deck: one keyword line, a title, a blank comment, then "symbol x 1 y 1 z 1" in angstrom.</summary>
    private static string InputDeck(CalculationRequest request, int threads)
    {
        var mol = request.Molecule;
        var kw = request.Keywords;
        var words = new List<string> { MethodKeywords[request.Method] };
        switch (request.Driver)
        {
            case Driver.Energy:
                words.Add("1SCF");
                break;
            case Driver.Gradient:
                words.AddRange(["1SCF", "GRADIENTS"]);
                break;
            case Driver.Optimization:
                words.Add("GNORM=" + kw["gnorm"]);
                if (kw["cycles"] != "0")
                    words.Add("CYCLES=" + kw["cycles"]);
                break;
        }
        words.Add("CHARGE=" + mol.Charge.ToString(CultureInfo.InvariantCulture));
        if (kw["reference"] == "uhf")
            words.Add("UHF");
        if (mol.Multiplicity > 1 || kw["reference"] == "uhf")
            words.Add(SpinStates[mol.Multiplicity]);
        if (kw["precise"] == "true")
            words.Add("PRECISE");
        if (kw["eps"] != "none")
            words.Add("EPS=" + kw["eps"]);
        words.AddRange(["AUX(PRECISION=9)", "DISP", "THREADS=" + threads.ToString(CultureInfo.InvariantCulture)]);

        var sb = new StringBuilder();
        sb.Append(string.Join(' ', words)).Append('\n');
        sb.Append((mol.Name ?? mol.Formula).ReplaceLineEndings(" ")).Append('\n');
        sb.Append('\n');
        for (int i = 0; i < mol.AtomCount; i++)
        {
            var p = mol.PositionsAngstrom[i];
            sb.Append(CultureInfo.InvariantCulture, $"{Elements.Symbol(mol.AtomicNumbers[i]),-3}{p.X,18:F10} 1{p.Y,18:F10} 1{p.Z,18:F10} 1\n");
        }
        return sb.ToString();
    }

    /// <summary>The lines of MOPAC's "Error and normal termination messages" box, without JOB ENDED NORMALLY.</summary>
    private static List<string> ErrorMessages(string output)
    {
        var lines = output.Split('\n');
        int start = Array.FindIndex(lines, l => l.Contains("Error and normal termination messages reported", StringComparison.Ordinal));
        var messages = new List<string>();
        if (start < 0)
            return messages;
        for (int i = start + 1; i < lines.Length; i++)
        {
            var text = lines[i].Trim().Trim('*').Trim();
            if (text.StartsWith("JOB ENDED NORMALLY", StringComparison.Ordinal))
                break;
            if (text.Length > 0)
                messages.Add(text);
        }
        return messages;
    }

    /// <summary>HOMO and LUMO in eV from the orbital energies and occupations, over both spins for UHF.</summary>
    private static (double Homo, double Lumo)? FrontierOrbitalsEv(AuxFile aux)
    {
        var pairs = new List<(double Energy, double Occupation)>();
        foreach (var spin in new[] { "", "ALPHA_", "BETA_" })
        {
            if (aux.Array(spin + "EIGENVALUES") is { } e && aux.Array(spin + "MOLECULAR_ORBITAL_OCCUPANCIES") is { } o && e.Length == o.Length)
                pairs.AddRange(e.Zip(o));
        }
        var occupied = pairs.Where(p => p.Occupation > 1e-6).Select(p => p.Energy).ToList();
        var empty = pairs.Where(p => p.Occupation <= 1e-6).Select(p => p.Energy).ToList();
        return occupied.Count > 0 && empty.Count > 0 ? (occupied.Max(), empty.Min()) : null;
    }

    [GeneratedRegex(@"MOPAC version (\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"TOTAL ENERGY\s+=\s+(-?\d+\.\d+) EV")]
    private static partial Regex TotalEnergyPattern();

    [GeneratedRegex(@"ELECTRONIC ENERGY\s+=\s+(-?\d+\.\d+) EV")]
    private static partial Regex ElectronicEnergyPattern();

    [GeneratedRegex(@"CORE-CORE REPULSION\s+=\s+(-?\d+\.\d+) EV")]
    private static partial Regex CoreRepulsionPattern();

    [GeneratedRegex(@"CYCLE:\s+(\d+)")]
    private static partial Regex CyclePattern();
}
