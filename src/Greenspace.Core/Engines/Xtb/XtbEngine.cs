using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Engines.Xtb;

/// <summary>
/// xtb (Grimme group; Debian package <c>xtb</c>, 6.5.1): GFN-FF, GFN1-xTB and GFN2-xTB single points,
/// gradients and optimisations. Total energy in Hartree; for GFN1/GFN2 also the HOMO-LUMO gap, dipole
/// and Mulliken charges; for GFN-FF the EEQ charges.
/// </summary>
/// <remarks>
/// xtb writes fixed-name files (charges, wbo, xtbrestart, xtbopt.xyz, ...) into its working directory,
/// so each run has its own scratch directory and <c>--norestart</c>. Behaviour measured on 6.5.1 and
/// handled here: <c>--json</c> writes nothing with <c>--gfnff</c>, so the text output is parsed
/// (it also carries 12 decimals where the JSON has 8); an odd electron count runs silently as a
/// closed shell unless <c>--uhf</c> is given, so <c>--chrg</c> and <c>--uhf</c> are always passed;
/// overlapping atoms still end in "normal termination" with an absurd positive energy, so energies
/// are sanity-checked; one thread per job and parallel jobs beat two threads for small molecules.
/// Keywords: <c>acc</c>, <c>etemp</c> (K), <c>iterations</c>, <c>opt</c> (crude ... extreme),
/// <c>cycles</c>, and solvation <c>alpb</c> or <c>gbsa</c> (a solvent name, or "none"); any other
/// keyword passes through as <c>--key value</c> (an empty value or "true" gives a bare flag).
/// </remarks>
public sealed partial class XtbEngine : ProcessEngine
{
    public override string Name => "xtb";
    protected override string ExecutableName => "xtb";
    public override string InstallHint => "apt-get install xtb";

    private static readonly ImmutableDictionary<string, string> MethodFlags = new Dictionary<string, string>
    {
        ["gfnff"] = "--gfnff",
        ["gfn-ff"] = "--gfnff",
        ["gfn0"] = "--gfn 0",
        ["gfn0-xtb"] = "--gfn 0",
        ["gfn1"] = "--gfn 1",
        ["gfn1-xtb"] = "--gfn 1",
        ["gfn2"] = "--gfn 2",
        ["gfn2-xtb"] = "--gfn 2",
    }.ToImmutableDictionary();

    private static readonly string[] OptLevels = ["crude", "sloppy", "loose", "lax", "normal", "tight", "vtight", "extreme"];

    protected override string? ReadVersion(string executablePath, EngineEnvironment environment)
    {
        var m = VersionPattern().Match(RunForText(executablePath, environment, "--version"));
        return m.Success ? m.Groups[1].Value : null;
    }

    /// <summary>Canonical method name ("gfn2") for any of its spellings, or null.</summary>
    public static string? CanonicalMethod(string method) => method.ToLowerInvariant() switch
    {
        "gfnff" or "gfn-ff" => "gfnff",
        "gfn0" or "gfn0-xtb" => "gfn0",
        "gfn1" or "gfn1-xtb" => "gfn1",
        "gfn2" or "gfn2-xtb" => "gfn2",
        _ => null,
    };

    public override KeywordsOrError FillDefaults(CalculationRequest request, EngineProbe probe)
    {
        if (!MethodFlags.ContainsKey(request.Method))
            return KeywordsOrError.Fail($"xtb has no method '{request.Method}'; use gfnff, gfn1 or gfn2");
        if (request.Basis is not null)
            return KeywordsOrError.Fail($"xtb methods take no basis set, but '{request.Basis}' was given");
        var k = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Keywords)
            k[key] = value;
        bool ff = CanonicalMethod(request.Method) == "gfnff";
        // xtb 6.5 defaults (xtb --help and the "SETUP" block it prints).
        if (!ff)
        {
            if (!Normalise(k, "acc", "1.0", out var err) || !Normalise(k, "etemp", "300.0", out err) || !NormaliseInteger(k, "iterations", "250", out err))
                return KeywordsOrError.Fail(err!);
        }
        foreach (var solvation in new[] { "alpb", "gbsa" })
        {
            if (k.TryGetValue(solvation, out var solvent))
                k[solvation] = solvent.ToLowerInvariant();
        }
        if (!k.ContainsKey("alpb") && !k.ContainsKey("gbsa"))
            k["alpb"] = "none";
        if (request.Driver == Driver.Optimization)
        {
            var level = k.TryGetValue("opt", out var l) ? l.ToLowerInvariant() : "normal";
            if (!OptLevels.Contains(level))
                return KeywordsOrError.Fail($"xtb optimisation level '{level}' is not one of {string.Join(", ", OptLevels)}");
            k["opt"] = level;
            if (!NormaliseInteger(k, "cycles", "0", out var err))
                return KeywordsOrError.Fail(err!);
        }
        else if (k.ContainsKey("opt") || k.ContainsKey("cycles"))
        {
            return KeywordsOrError.Fail("the keywords 'opt' and 'cycles' belong to an optimisation; use the optimization driver");
        }
        return KeywordsOrError.Ok(k);
    }

    // Numbers are written in one canonical form, so that "acc=1" and "acc=1.0" share a store entry.
    private static bool Normalise(SortedDictionary<string, string> k, string key, string fallback, out string? error)
    {
        error = null;
        var text = k.TryGetValue(key, out var v) ? v : fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
        {
            error = $"xtb keyword '{key}' must be a number, not '{text}'";
            return false;
        }
        k[key] = x.ToString(x == Math.Floor(x) ? "0.0" : "R", CultureInfo.InvariantCulture);
        return true;
    }

    // xtb reads counts with an integer parser that rejects "250.0" with only a warning and keeps its
    // default, so counts are written as plain integers ("250", never "250.0").
    private static bool NormaliseInteger(SortedDictionary<string, string> k, string key, string fallback, out string? error)
    {
        error = null;
        var text = k.TryGetValue(key, out var v) ? v : fallback;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || x != Math.Floor(x) || x is < 0 or > int.MaxValue)
        {
            error = $"xtb keyword '{key}' must be a whole number of at least 0, not '{text}'";
            return false;
        }
        k[key] = ((int)x).ToString(CultureInfo.InvariantCulture);
        return true;
    }

    protected override async Task<CalculationResult> RunFoundAsync(CalculationRequest request, EngineProbe probe, EngineRunOptions options, CancellationToken cancellationToken)
    {
        var method = CanonicalMethod(request.Method)!;
        bool ff = method == "gfnff";
        var mol = request.Molecule;
        using var scratch = new Scratch(options, Name);
        await File.WriteAllTextAsync(scratch.File("input.xyz"), XyzFormat.ToText(mol, "greenspace"), cancellationToken);

        var args = new List<string> { "input.xyz" };
        args.AddRange(MethodFlags[method].Split(' '));
        args.AddRange(["--chrg", mol.Charge.ToString(CultureInfo.InvariantCulture), "--uhf", mol.UnpairedElectrons.ToString(CultureInfo.InvariantCulture)]);
        args.AddRange(["--norestart", "-P", options.Threads.ToString(CultureInfo.InvariantCulture)]);
        if (!ff)
            args.Add("--json");
        switch (request.Driver)
        {
            case Driver.Gradient:
                args.Add("--grad");
                break;
            case Driver.Optimization:
                args.AddRange(["--opt", request.Keywords["opt"]]);
                if (request.Keywords["cycles"] != "0")
                    args.AddRange(["--cycles", request.Keywords["cycles"]]);
                break;
        }
        foreach (var (key, value) in request.Keywords)
        {
            switch (key)
            {
                case "opt" or "cycles":
                    break;
                case "alpb" or "gbsa":
                    if (value != "none")
                        args.AddRange(["--" + key, value]);
                    break;
                default:
                    args.Add("--" + key);
                    if (value.Length > 0 && value != "true")
                        args.Add(value);
                    break;
            }
        }

        var env = ThreadEnvironment(options);
        var outcome = await ProcessRunner.RunAsync(new ProcessSpec(probe.ExecutablePath!, args, scratch.Path, options.TimeLimit) { Environment = env }, cancellationToken);
        if (!outcome.ExitedNormally && SccNotConvergedPattern().IsMatch(outcome.StandardOutput + outcome.StandardError))
        {
            // xtb stops with exit code 1 here; the reason deserves its own sentence and a remedy.
            var limit = request.Keywords.TryGetValue("iterations", out var it) ? it : "250";
            return Failure($"xtb's SCC did not converge within {limit} iterations; raise 'iterations' or 'etemp', or check the geometry", probe, outcome);
        }
        if (FailureIfAbnormal(outcome, probe, options.TimeLimit) is { } abnormal)
            return abnormal;
        var text = outcome.StandardOutput;
        if (!text.Contains("normal termination of xtb", StringComparison.Ordinal) && !outcome.StandardError.Contains("normal termination of xtb", StringComparison.Ordinal))
            return Failure("xtb exited 0 but did not report normal termination", probe, outcome);

        var energies = TotalEnergyPattern().Matches(text);
        if (energies.Count == 0)
            return Failure("xtb finished without printing a TOTAL ENERGY", probe, outcome);
        double energy = double.Parse(energies[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        if (!double.IsFinite(energy) || energy > 0)
            return Failure($"xtb reported an implausible total energy of {energy} Eh (a total electronic energy is negative); check the geometry for overlapping atoms", probe, outcome);

        var props = new ResultProperties { EnergyKind = EnergyKind.TotalElectronic, Energy = energy };
        int n = mol.AtomCount;

        if (!ff)
        {
            var gap = GapPattern().Matches(text);
            if (gap.Count > 0)
                props = props with { HomoLumoGapHartree = double.Parse(gap[^1].Groups[1].Value, CultureInfo.InvariantCulture) / Units.ElectronVoltPerHartree };
            var homo = HomoPattern().Matches(text);
            var lumo = LumoPattern().Matches(text);
            if (homo.Count > 0)
                props = props with { HomoHartree = double.Parse(homo[^1].Groups[1].Value, CultureInfo.InvariantCulture) };
            if (lumo.Count > 0)
                props = props with { LumoHartree = double.Parse(lumo[^1].Groups[1].Value, CultureInfo.InvariantCulture) };
            var json = ReadIfExists(scratch.File("xtbout.json"));
            if (json is not null)
            {
                using var doc = JsonDocument.Parse(json);
                if (doc.RootElement.TryGetProperty("dipole", out var d) && d.GetArrayLength() == 3)
                    props = props with { DipoleDebye = new Vec3(d[0].GetDouble(), d[1].GetDouble(), d[2].GetDouble()) * Units.DebyePerAtomicUnit };
            }
        }

        var charges = ReadIfExists(scratch.File(ff ? "gfnff_charges" : "charges"));
        if (charges is not null)
        {
            var q = charges.Split((char[])['\n', ' ', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToImmutableArray();
            if (q.Length == n)
                props = props with { PartialCharges = q, ChargeModel = ff ? "EEQ (GFN-FF)" : $"Mulliken ({method.ToUpperInvariant()}-xTB)" };
        }

        if (request.Driver == Driver.Gradient)
        {
            var engrad = ReadIfExists(scratch.File("input.engrad"));
            if (engrad is null)
                return Failure("xtb was asked for a gradient but wrote no input.engrad", probe, outcome);
            var g = ParseEngrad(engrad, n);
            if (g is null)
                return Failure("xtb's input.engrad could not be read as a gradient", probe, outcome, engrad);
            props = props with { GradientHartreePerBohr = g.Value };
        }
        else if (request.Driver == Driver.Optimization)
        {
            if (!text.Contains("GEOMETRY OPTIMIZATION CONVERGED", StringComparison.Ordinal) || !File.Exists(scratch.File(".xtboptok")))
                return Failure("xtb's geometry optimisation did not converge", probe, outcome);
            var optXyz = ReadIfExists(scratch.File("xtbopt.xyz"));
            var final = optXyz is null ? null : ParseXyzPositions(optXyz, n);
            if (final is null)
                return Failure("xtb's optimisation left no readable xtbopt.xyz", probe, outcome);
            var cycles = CyclesPattern().Match(text);
            props = props with
            {
                FinalPositionsAngstrom = final.Value,
                Iterations = cycles.Success ? int.Parse(cycles.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            };
            var gnorm = GradientNormPattern().Matches(text);
            if (gnorm.Count > 0)
                props = props with { Extras = props.Extras.Add("gradient_norm_hartree_per_bohr", double.Parse(gnorm[^1].Groups[1].Value, CultureInfo.InvariantCulture)) };
        }
        return CalculationResult.Success(props, MakeProvenance(probe, outcome), outcome.Cost);
    }

    // The ORCA-style .engrad file: atom count, energy, then 3N gradient components (Eh/bohr), each block after '#' comments.
    private static ImmutableArray<Vec3>? ParseEngrad(string text, int atoms)
    {
        var numbers = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#').ToList();
        if (numbers.Count < 2 + 3 * atoms || !int.TryParse(numbers[0], out var count) || count != atoms)
            return null;
        var g = new Vec3[atoms];
        for (int i = 0; i < atoms; i++)
        {
            double C(int k) => double.Parse(numbers[2 + 3 * i + k], NumberStyles.Float, CultureInfo.InvariantCulture);
            g[i] = new Vec3(C(0), C(1), C(2));
        }
        return [.. g];
    }

    private static ImmutableArray<Vec3>? ParseXyzPositions(string text, int atoms)
    {
        var lines = text.Split('\n');
        if (lines.Length < 2 + atoms)
            return null;
        var r = new Vec3[atoms];
        for (int i = 0; i < atoms; i++)
        {
            var f = lines[2 + i].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 4)
                return null;
            double P(int k) => double.Parse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture);
            r[i] = new Vec3(P(1), P(2), P(3));
        }
        return [.. r];
    }

    [GeneratedRegex(@"xtb version (\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"\|\s*TOTAL ENERGY\s+(-?\d+\.\d+)\s+Eh")]
    private static partial Regex TotalEnergyPattern();

    [GeneratedRegex(@"\|\s*HOMO-LUMO GAP\s+(-?\d+\.\d+)\s+eV")]
    private static partial Regex GapPattern();

    [GeneratedRegex(@"(-?\d+\.\d+)\s+-?\d+\.\d+\s+\(HOMO\)")]
    private static partial Regex HomoPattern();

    [GeneratedRegex(@"(-?\d+\.\d+)\s+-?\d+\.\d+\s+\(LUMO\)")]
    private static partial Regex LumoPattern();

    [GeneratedRegex(@"Self consistent charge iterator did not converge")]
    private static partial Regex SccNotConvergedPattern();

    [GeneratedRegex(@"GEOMETRY OPTIMIZATION CONVERGED AFTER (\d+) ITERATIONS")]
    private static partial Regex CyclesPattern();

    [GeneratedRegex(@"\|\s*GRADIENT NORM\s+(-?\d+\.\d+)\s+Eh")]
    private static partial Regex GradientNormPattern();
}
