using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Engines.OpenBabel;

/// <summary>
/// Open Babel's force fields (Debian package <c>openbabel</c>, 3.1.1) through <c>obenergy</c> and
/// <c>obminimize</c>: MMFF94 (also MMFF94s, UFF and GAFF) single points and optimisations. The energy is
/// a force-field steric energy in kcal/mol (<see cref="EnergyKind.ForceFieldSteric"/>), meaningful only
/// between conformers of one molecule; its terms go to the extras.
/// </summary>
/// <remarks>
/// MMFF94 types atoms from bonds. A molecule that carries bonds goes in as a V3000 molfile with them;
/// one without goes in as XYZ and Open Babel perceives bonds and bond orders from the distances. Formal
/// charges per atom are not part of a <see cref="Molecule"/>, so charged molecules and open shells are
/// refused rather than typed wrongly. Behaviour measured on 3.1.1 and handled here: UFF and GAFF print kJ/mol
/// (converted); a missing parameter ends the program with exit code 255 and "could not setup force
/// field"; obminimize writes nothing about the final energy to full precision and its SDF keeps
/// 1e-4 angstrom, so the final geometry is read from its GAMESS-input writer (10 decimals) and the
/// final energy comes from obenergy on that geometry. obminimize's conjugate gradients stop early (the
/// line search stalls): on dimethyl oxalate 0.03 kcal/mol and on a 32-atom NCI molecule 2.6 kcal/mol
/// above the minimum steepest descent reaches, whatever the criterion. Hence the defaults below.
/// Keywords (optimisation only): <c>algorithm</c> sd (default) or cg, <c>crit</c> (energy change per
/// step in kcal/mol ending the run, default 1e-8), <c>steps</c> (default 20000).
/// </remarks>
public sealed partial class OpenBabelEngine : ProcessEngine
{
    public override string Name => "openbabel";
    protected override string ExecutableName => "obenergy";
    public override string InstallHint => "apt-get install openbabel";

    private static readonly ImmutableDictionary<string, string> ForceFields = new Dictionary<string, string>
    {
        ["mmff94"] = "MMFF94",
        ["mmff94s"] = "MMFF94s",
        ["uff"] = "UFF",
        ["gaff"] = "GAFF",
    }.ToImmutableDictionary();

    private const double KjPerKcal = Units.KjPerMolPerHartree / Units.KcalPerMolPerHartree;

    protected override string? ReadVersion(string executablePath, EngineEnvironment environment)
    {
        // obenergy has no version flag; obabel from the same package has.
        var obabel = environment.Locate("obabel");
        if (obabel is null)
            return null;
        var m = VersionPattern().Match(RunForText(obabel, environment, "-V"));
        return m.Success ? m.Groups[1].Value : null;
    }

    public override KeywordsOrError FillDefaults(CalculationRequest request, EngineProbe probe)
    {
        if (!ForceFields.ContainsKey(request.Method))
            return KeywordsOrError.Fail($"openbabel has no force field '{request.Method}'; use one of {string.Join(", ", ForceFields.Keys.Order())}");
        if (request.Basis is not null)
            return KeywordsOrError.Fail($"a force field takes no basis set, but '{request.Basis}' was given");
        if (request.Driver == Driver.Gradient)
            return KeywordsOrError.Fail("Open Babel's command-line tools give no gradients; use the energy or optimization driver");
        var mol = request.Molecule;
        if (mol.Charge != 0 || mol.Multiplicity != 1)
            return KeywordsOrError.Fail($"{mol} has charge {mol.Charge} and multiplicity {mol.Multiplicity}, but the force fields need formal charges on atoms, which a molecule record does not carry; use a neutral closed-shell molecule or a QM engine");

        var k = new SortedDictionary<string, string>(request.Keywords, StringComparer.Ordinal);
        if (request.Driver != Driver.Optimization)
        {
            return k.Count == 0
                ? KeywordsOrError.Ok(k)
                : KeywordsOrError.Fail($"a force-field single point takes no keywords, but {string.Join(", ", k.Keys)} was given");
        }
        var unknown = k.Keys.Where(key => key is not ("algorithm" or "crit" or "steps")).ToList();
        if (unknown.Count > 0)
            return KeywordsOrError.Fail($"openbabel does not know the keyword(s) {string.Join(", ", unknown)}; known are algorithm, crit, steps");
        var algorithm = k.GetValueOrDefault("algorithm", "sd").ToLowerInvariant();
        if (algorithm is not ("sd" or "cg"))
            return KeywordsOrError.Fail($"openbabel keyword 'algorithm' is sd (steepest descent) or cg (conjugate gradients), not '{algorithm}'");
        k["algorithm"] = algorithm;
        var crit = k.GetValueOrDefault("crit", "1e-8");
        if (!double.TryParse(crit, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) || !(c > 0))
            return KeywordsOrError.Fail($"openbabel keyword 'crit' is an energy change in kcal/mol above 0, not '{crit}'");
        k["crit"] = c.ToString("R", CultureInfo.InvariantCulture);
        var steps = k.GetValueOrDefault("steps", "20000");
        if (!int.TryParse(steps, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) || s < 1)
            return KeywordsOrError.Fail($"openbabel keyword 'steps' is a whole number of at least 1, not '{steps}'");
        k["steps"] = s.ToString(CultureInfo.InvariantCulture);
        return KeywordsOrError.Ok(k);
    }

    protected override async Task<CalculationResult> RunFoundAsync(CalculationRequest request, EngineProbe probe, EngineRunOptions options, CancellationToken cancellationToken)
    {
        var forceField = ForceFields[request.Method];
        var mol = request.Molecule;
        using var scratch = new Scratch(options, Name);
        var env = ThreadEnvironment(options);

        if (request.Driver != Driver.Optimization)
        {
            var input = await WriteInputAsync(scratch, mol, "input", cancellationToken);
            var outcome = await RunToolAsync(probe.ExecutablePath!, ["-ff", forceField, input], scratch, env, options, cancellationToken);
            return Evaluate(outcome, probe, options, forceField, null);
        }

        var obminimize = options.Environment.Locate("obminimize");
        if (obminimize is null)
            return CalculationResult.Failure($"obminimize was not found on PATH; install it with: {InstallHint}", MakeProvenance(probe, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), ComputeCost.None);
        var start = await WriteInputAsync(scratch, mol, "input", cancellationToken);
        var kw = request.Keywords;
        var minimised = await RunToolAsync(obminimize,
            ["-ff", forceField, "-" + kw["algorithm"], "-c", kw["crit"], "-n", kw["steps"], "-o", "gamin", start],
            scratch, env, options, cancellationToken);
        var text = minimised.StandardOutput + minimised.StandardError;
        if (FailureIfAbnormal(minimised, probe, options.TimeLimit) is { } abnormal)
            return WithSetupReason(abnormal, text, forceField);
        if (text.Contains("explosion has occured", StringComparison.Ordinal))
            return Failure("obminimize stopped: the geometry exploded during the minimisation", probe, minimised);
        if (!text.Contains("HAS CONVERGED", StringComparison.Ordinal))
            return Failure($"obminimize did not converge within {kw["steps"]} steps; raise 'steps' or 'crit'", probe, minimised);
        var final = ParseGamessPositions(minimised.StandardOutput, mol);
        if (final is null)
            return Failure("obminimize's output holds no final geometry for every atom in order", probe, minimised);

        // The final energy from obenergy at the final geometry: obminimize prints only 3 decimals, and not for the last step.
        var optimised = mol.WithPositions(final.Value);
        var input2 = await WriteInputAsync(scratch, optimised, "final", cancellationToken);
        var evaluated = await RunToolAsync(probe.ExecutablePath!, ["-ff", forceField, input2], scratch, env, options, cancellationToken);
        return Evaluate(Combine(minimised, evaluated), probe, options, forceField, props => props with { FinalPositionsAngstrom = final.Value });
    }

    /// <summary>A V3000 molfile when the molecule has bonds, else XYZ for Open Babel to perceive them.</summary>
    private static async Task<string> WriteInputAsync(Scratch scratch, Molecule mol, string stem, CancellationToken cancellationToken)
    {
        var (name, text) = mol.Bonds.Length > 0
            ? (stem + ".mol", MolfileV3000.ToText(mol))
            : (stem + ".xyz", XyzFormat.ToText(mol, "greenspace"));
        await File.WriteAllTextAsync(scratch.File(name), text, cancellationToken);
        return name;
    }

    private static Task<ProcessOutcome> RunToolAsync(string executable, IReadOnlyList<string> args, Scratch scratch, Dictionary<string, string?> env, EngineRunOptions options, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(new ProcessSpec(executable, args, scratch.Path, options.TimeLimit) { Environment = env, StandardInput = "" }, cancellationToken);

    /// <summary>Turns obenergy's output into a result; <paramref name="decorate"/> adds what an optimisation knows.</summary>
    private CalculationResult Evaluate(ProcessOutcome outcome, EngineProbe probe, EngineRunOptions options, string forceField, Func<ResultProperties, ResultProperties>? decorate)
    {
        var text = outcome.StandardOutput + outcome.StandardError;
        if (FailureIfAbnormal(outcome, probe, options.TimeLimit) is { } abnormal)
            return WithSetupReason(abnormal, text, forceField);
        var total = TotalPattern().Matches(text);
        if (total.Count == 0)
            return Failure("obenergy finished without printing a TOTAL ENERGY", probe, outcome);
        double energy = Kcal(total[^1].Groups[1].Value, total[^1].Groups[2].Value);
        if (!double.IsFinite(energy))
            return Failure($"obenergy printed a total energy that is not a number ({total[^1].Value})", probe, outcome);

        var extras = ImmutableSortedDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (Match m in TermPattern().Matches(text))
        {
            var term = m.Groups[1].Value.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');
            extras[$"{term}_energy_kcal_per_mol"] = Kcal(m.Groups[2].Value, m.Groups[3].Value);
        }
        var props = new ResultProperties { EnergyKind = EnergyKind.ForceFieldSteric, Energy = energy, Extras = extras.ToImmutable() };
        return CalculationResult.Success(decorate is null ? props : decorate(props), MakeProvenance(probe, outcome), outcome.Cost);
    }

    private static double Kcal(string number, string unit)
    {
        double x = double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);
        return unit == "kJ/mol" ? x / KjPerKcal : x;
    }

    // Open Babel names the interaction it lacks parameters for; that line is the useful reason.
    private CalculationResult WithSetupReason(CalculationResult failure, string text, string forceField)
    {
        if (!text.Contains("could not setup force field", StringComparison.Ordinal))
            return failure;
        var missing = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("COULD NOT FIND", StringComparison.Ordinal));
        return failure with { Error = $"Open Babel could not set up {forceField} for this molecule{(missing is null ? "" : $" ({missing})")}; the force field has no parameters for some of its atoms or bonds" };
    }

    /// <summary>Positions from the " $DATA" block of Open Babel's GAMESS-input writer ("C 6.0 x y z", angstrom), checked against the elements.</summary>
    private static ImmutableArray<Vec3>? ParseGamessPositions(string text, Molecule mol)
    {
        var lines = text.Split('\n');
        int data = Array.FindIndex(lines, l => l.Trim() == "$DATA");
        if (data < 0 || data + 3 + mol.AtomCount > lines.Length)
            return null;
        var r = new Vec3[mol.AtomCount];
        // After $DATA come a title line and the symmetry line "C1".
        for (int i = 0; i < mol.AtomCount; i++)
        {
            var f = lines[data + 3 + i].Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 5 || !Elements.TryParse(f[0], out var z) || z != mol.AtomicNumbers[i])
                return null;
            double P(int k) => double.Parse(f[k], NumberStyles.Float, CultureInfo.InvariantCulture);
            r[i] = new Vec3(P(2), P(3), P(4));
        }
        return [.. r];
    }

    /// <summary>Two runs as one: the first's start, the second's end and exit, and the cost of both.</summary>
    private static ProcessOutcome Combine(ProcessOutcome first, ProcessOutcome second) => second with
    {
        StartedAt = first.StartedAt,
        StandardOutput = first.StandardOutput + second.StandardOutput,
        StandardError = first.StandardError + second.StandardError,
        Cost = new ComputeCost(
            first.Cost.WallSeconds + second.Cost.WallSeconds,
            first.Cost.CpuSeconds + second.Cost.CpuSeconds,
            Math.Max(first.Cost.PeakMemoryBytes, second.Cost.PeakMemoryBytes),
            second.Cost.Meter),
    };

    [GeneratedRegex(@"Open Babel (\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^TOTAL ENERGY\s*=\s*(-?\d+\.\d+)\s*(kcal/mol|kJ/mol)", RegexOptions.Multiline)]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"TOTAL ([A-Z][A-Z -]*?) ENERGY\s*=\s*(-?\d+\.\d+)\s*(kcal/mol|kJ/mol)")]
    private static partial Regex TermPattern();
}
