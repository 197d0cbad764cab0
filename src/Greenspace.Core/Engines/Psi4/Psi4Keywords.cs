using System.Globalization;
using System.Text.RegularExpressions;
using Greenspace.Records;

namespace Greenspace.Engines.Psi4;

/// <summary>The kinds of method the psi4 adapter runs; each has its own defaults.</summary>
public enum Psi4MethodFamily
{
    /// <summary>Hartree-Fock and Kohn-Sham DFT: the SCF is the whole calculation.</summary>
    Scf,
    Mp2,
    CcsdT,
}

/// <summary>
/// Turns a psi4 request's keywords into the full set psi4 will run with: the caller's keywords
/// (psi4 option names; <c>module__option</c> for an option of one module, as in QCSchema), checked,
/// with every default from <see cref="Psi4Defaults"/> that changes the numbers added, and the basis
/// resolved to the file it comes from (<see cref="Psi4BasisLibrary"/>).
/// </summary>
/// <remarks>
/// Keywords that are Greenspace's, not psi4's: <c>basis_file</c> (a G94 basis file to use instead of
/// psi4's library; its content's SHA-256 goes into <c>basis_file_sha256</c>, so that the request's
/// identity follows the content, not the name) and <c>basis_puream</c> (spherical or Cartesian as the
/// basis file's header says, recorded for the identity but not written to the input: a global
/// <c>puream</c> would also override the auxiliary basis sets). A caller's global
/// <c>e_convergence</c> or <c>d_convergence</c> reaches psi4's SCF too, as psi4 does it.
/// </remarks>
public static partial class Psi4Keywords
{
    public const string BasisFileKey = "basis_file";
    public const string BasisFileHashKey = "basis_file_sha256";
    public const string BasisPureAmKey = "basis_puream";

    /// <summary>Keywords that describe the request for Greenspace and are not written as psi4 options.</summary>
    public static readonly IReadOnlySet<string> GreenspaceOnly = new HashSet<string>(StringComparer.Ordinal) { BasisFileKey, BasisFileHashKey, BasisPureAmKey };

    /// <summary>The canonical psi4 method name for a request's method, or null when the adapter does not run it.</summary>
    public static string? CanonicalMethod(string method) => method switch
    {
        "hf" or "scf" => "hf",
        "b3lyp" => "b3lyp",
        "pbe0" => "pbe0",
        "mp2" => "mp2",
        "ccsd(t)" => "ccsd(t)",
        _ => null,
    };

    public static Psi4MethodFamily Family(string canonicalMethod) => canonicalMethod switch
    {
        "mp2" => Psi4MethodFamily.Mp2,
        "ccsd(t)" => Psi4MethodFamily.CcsdT,
        _ => Psi4MethodFamily.Scf,
    };

    public static bool IsDft(string canonicalMethod) => canonicalMethod is "b3lyp" or "pbe0";

    /// <summary>The filled keywords, or one sentence on what is wrong with the request.</summary>
    public static KeywordsOrError Fill(CalculationRequest request, EngineProbe probe)
    {
        var method = CanonicalMethod(request.Method);
        if (method is null)
            return KeywordsOrError.Fail($"psi4 adapter has no method '{request.Method}'; use hf, b3lyp, pbe0, mp2 or ccsd(t)");
        var version = RequestIdentity.MajorMinor(probe.Version ?? "");
        if (!Psi4Defaults.ByVersion.TryGetValue(version, out var d))
            return KeywordsOrError.Fail($"psi4 {probe.Version} has no table of defaults in Greenspace (known: {string.Join(", ", Psi4Defaults.ByVersion.Keys)}); its numbers could not be identified, so install a known version");

        var k = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Keywords)
        {
            if (!KeyPattern().IsMatch(key))
                return KeywordsOrError.Fail($"psi4 keyword '{key}' is not an option name (letters, digits and underscores, or module__option)");
            if (key != BasisFileKey && !ValuePattern().IsMatch(value))
                return KeywordsOrError.Fail($"psi4 keyword '{key}' has a value '{value}' with characters psi4's input cannot take; use letters, digits, . + - * ( ) , [ ] and spaces");
            if (key is "basis" or BasisFileHashKey or BasisPureAmKey)
                return KeywordsOrError.Fail(key == "basis"
                    ? "give the basis set as the request's basis, not as a keyword"
                    : $"'{key}' is filled in by Greenspace from the basis; leave it out");
            k[key] = value;
        }

        var basisError = Psi4BasisLibrary.Resolve(request, probe, d, k);
        if (basisError is not null)
            return KeywordsOrError.Fail(basisError);

        // One spelling per value, so that equal requests share one identity (and "DF" picks as "df" does).
        foreach (var key in new[] { "reference", "guess", "scf_type", "mp2_type", "cc_type", "g_convergence", "dft_radial_scheme", "dft_nuclear_scheme" })
            if (k.TryGetValue(key, out var v))
                k[key] = v.ToLowerInvariant();

        var family = Family(method);
        bool derivative = request.Driver != Driver.Energy;
        var mol = request.Molecule;
        string? error = null;

        Default(k, "reference", mol.Multiplicity == 1 ? "rhf" : "uhf");
        Default(k, "guess", mol.AtomCount > 1 ? "sad" : "core");
        switch (family)
        {
            case Psi4MethodFamily.Scf:
                Default(k, "scf_type", d.DensityFittedScfType);
                error ??= ScfConvergence(k, derivative ? d.ScfConvergenceDerivative : d.ScfConvergenceEnergy);
                if (IsDft(method))
                {
                    Default(k, "dft_spherical_points", d.DftSphericalPoints.ToString(CultureInfo.InvariantCulture));
                    Default(k, "dft_radial_points", d.DftRadialPoints.ToString(CultureInfo.InvariantCulture));
                    Default(k, "dft_radial_scheme", d.DftRadialScheme);
                    Default(k, "dft_nuclear_scheme", d.DftNuclearScheme);
                }
                break;
            case Psi4MethodFamily.Mp2:
                Default(k, "mp2_type", d.Mp2Type);
                Default(k, "scf_type", k["mp2_type"] == "df" ? d.DensityFittedScfType : d.ConventionalScfType);
                Default(k, "freeze_core", d.FreezeCore ? "true" : "false");
                error ??= ScfConvergence(k, derivative ? d.ReferenceConvergenceDerivative : d.ReferenceConvergenceEnergy);
                error ??= Convergence(k, "e_convergence", derivative ? d.CorrelatedConvergenceDerivative : d.CorrelatedConvergenceEnergy);
                break;
            case Psi4MethodFamily.CcsdT:
                Default(k, "cc_type", d.CcType);
                Default(k, "scf_type", k["cc_type"] == "conv" ? d.ConventionalScfType : d.DensityFittedScfType);
                Default(k, "freeze_core", d.FreezeCore ? "true" : "false");
                error ??= ScfConvergence(k, derivative ? d.ReferenceConvergenceDerivative : d.ReferenceConvergenceEnergy);
                error ??= Convergence(k, "e_convergence", derivative ? d.CorrelatedConvergenceDerivative : d.CorrelatedConvergenceEnergy);
                error ??= Convergence(k, "r_convergence", d.CcResidualConvergence);
                break;
        }
        if (k.ContainsKey(BasisFileKey))
        {
            // Library basis sets bring fitting sets of their own name (cc-pvdz-jkfit); a file does not.
            if (k["scf_type"] == "df")
                Default(k, "df_basis_scf", d.FallbackJkFit);
            if (family == Psi4MethodFamily.Mp2 && k["mp2_type"] == "df")
                Default(k, "df_basis_mp2", d.FallbackRiFit);
        }
        if (request.Driver == Driver.Optimization)
        {
            Default(k, "g_convergence", d.GConvergence);
            Default(k, "geom_maxiter", d.GeomMaxIter.ToString(CultureInfo.InvariantCulture));
        }
        else if (k.ContainsKey("g_convergence") || k.ContainsKey("geom_maxiter"))
        {
            return KeywordsOrError.Fail("the keywords 'g_convergence' and 'geom_maxiter' belong to an optimisation; use the optimization driver");
        }
        foreach (var key in k.Keys.Where(IsThreshold).ToList())
            error ??= Convergence(k, key, double.NaN);
        if (error is not null)
            return KeywordsOrError.Fail(error);
        foreach (var key in new[] { "freeze_core", "puream" })
            if (k.TryGetValue(key, out var v))
            {
                if (ParseBool(v) is not { } b)
                    return KeywordsOrError.Fail($"psi4 keyword '{key}' must be true or false, not '{v}'");
                k[key] = b ? "true" : "false";
            }
        return KeywordsOrError.Ok(k);
    }

    // psi4's SCF takes a caller's global e/d_convergence as its own unless the scf__ form is given.
    private static string? ScfConvergence(SortedDictionary<string, string> k, double fallback)
    {
        foreach (var name in new[] { "e_convergence", "d_convergence" })
        {
            var scfKey = "scf__" + name;
            if (!k.ContainsKey(scfKey) && k.TryGetValue(name, out var global))
                k[scfKey] = global;
            if (Convergence(k, scfKey, fallback) is { } error)
                return error;
        }
        return null;
    }

    /// <summary>Writes a convergence threshold in one form; psi4 reads an integer n as 10^-n.</summary>
    private static string? Convergence(SortedDictionary<string, string> k, string key, double fallback)
    {
        if (!k.TryGetValue(key, out var text))
        {
            k[key] = FormatThreshold(fallback);
            return null;
        }
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            k[key] = FormatThreshold(Math.Pow(10, -n));
            return null;
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !(x > 0) || !double.IsFinite(x))
            return $"psi4 keyword '{key}' must be a positive threshold such as 1e-8 (or an integer n for 10^-n), not '{text}'";
        k[key] = FormatThreshold(x);
        return null;
    }

    private static bool IsThreshold(string key) =>
        key.EndsWith("e_convergence", StringComparison.Ordinal) || key.EndsWith("d_convergence", StringComparison.Ordinal) || key.EndsWith("r_convergence", StringComparison.Ordinal);

    public static string FormatThreshold(double x) => x.ToString("0.########E+00", CultureInfo.InvariantCulture);

    private static void Default(SortedDictionary<string, string> k, string key, string value) => k.TryAdd(key, value);

    private static bool? ParseBool(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => null,
    };

    [GeneratedRegex(@"^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.+\-*(),\[\] ]+$")]
    private static partial Regex ValuePattern();

}
