using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Engines.NwChem;

/// <summary>
/// The nwchem adapter's keywords, checked and filled with NWChem's defaults for the hash. Unlike
/// psi4's options they are not passed through: NWChem's input is a set of directive blocks, so the
/// adapter takes a fixed set and refuses others with a sentence that lists them.
/// </summary>
/// <remarks>
/// Keywords: <c>spherical</c> (true/false; default false, as NWChem's basis directive: measured on
/// 7.0.2, it ignores the SPHERICAL/CARTESIAN tags of the library files, which are inconsistent anyway,
/// 6-31G* tagged spherical and 6-31G** Cartesian), <c>reference</c> (rhf/uhf, by multiplicity);
/// for DFT <c>grid</c> (xcoarse ... huge), <c>convergence_energy</c>, <c>convergence_density</c>,
/// <c>convergence_gradient</c>, <c>iterations</c>; for HF <c>thresh</c> and <c>maxiter</c>. Filled by
/// Greenspace: <c>basis_file</c> (the nwchem-data file the basis came from, or the caller's file in
/// NWChem's format) and <c>basis_file_sha256</c>. Defaults are those NWChem 7.0.2 prints in its
/// "General Information" and "Grid Information" sections.
/// </remarks>
public static class NwChemKeywords
{
    public const string BasisFileKey = "basis_file";
    public const string BasisFileHashKey = "basis_file_sha256";

    private static readonly string[] Grids = ["xcoarse", "coarse", "medium", "fine", "xfine", "huge"];

    /// <summary>NWChem's defaults that change numbers, per major.minor version.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> DefaultsByVersion { get; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["7.0"] = new Dictionary<string, string>
            {
                ["grid"] = "medium",
                ["convergence_energy"] = "1E-06",
                ["convergence_density"] = "1E-05",
                ["convergence_gradient"] = "5E-04",
                ["iterations"] = "30",
                ["thresh"] = "1E-04",
                ["maxiter"] = "30",
            },
        };

    private static readonly string[] DftKeys = ["grid", "convergence_energy", "convergence_density", "convergence_gradient", "iterations"];
    private static readonly string[] ScfKeys = ["thresh", "maxiter"];

    /// <summary>"hf" (or "scf") runs NWChem's SCF module; b3lyp and pbe0 its DFT module. Null for anything else.</summary>
    public static string? CanonicalMethod(string method) => method switch
    {
        "hf" or "scf" => "hf",
        "b3lyp" => "b3lyp",
        "pbe0" => "pbe0",
        _ => null,
    };

    public static KeywordsOrError Fill(CalculationRequest request, EngineProbe probe)
    {
        var method = CanonicalMethod(request.Method);
        if (method is null)
            return KeywordsOrError.Fail($"nwchem adapter has no method '{request.Method}'; use hf, b3lyp or pbe0");
        if (request.Driver == Driver.Optimization)
            return KeywordsOrError.Fail("the nwchem adapter runs energies and gradients only; optimise with psi4 or xtb");
        var version = RequestIdentity.MajorMinor(probe.Version ?? "");
        if (!DefaultsByVersion.TryGetValue(version, out var defaults))
            return KeywordsOrError.Fail($"nwchem {probe.Version} has no table of defaults in Greenspace (known: {string.Join(", ", DefaultsByVersion.Keys)}); install a known version");
        bool dft = method != "hf";
        var own = dft ? DftKeys : ScfKeys;
        var allowed = own.Concat(["spherical", "reference", BasisFileKey]).ToHashSet(StringComparer.Ordinal);

        var k = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in request.Keywords)
        {
            if (!allowed.Contains(key))
                return KeywordsOrError.Fail($"nwchem keyword '{key}' is not one the adapter takes for {method}; use {string.Join(", ", allowed.Order(StringComparer.Ordinal))}");
            k[key] = value;
        }

        var basisError = ResolveBasis(request, probe, k);
        if (basisError is not null)
            return KeywordsOrError.Fail(basisError);

        k.TryAdd("reference", request.Molecule.Multiplicity == 1 ? "rhf" : "uhf");
        k["reference"] = k["reference"].ToLowerInvariant();
        if (k["reference"] is not ("rhf" or "uhf"))
            return KeywordsOrError.Fail($"nwchem reference '{k["reference"]}' is not rhf or uhf");
        if (k["reference"] == "rhf" && request.Molecule.Multiplicity != 1)
            return KeywordsOrError.Fail($"a restricted closed-shell (rhf) calculation needs a singlet, but the molecule has multiplicity {request.Molecule.Multiplicity}; use reference=uhf");

        foreach (var key in own)
        {
            var text = k.TryGetValue(key, out var v) ? v : defaults[key];
            if (key == "grid")
            {
                text = text.ToLowerInvariant();
                if (!Grids.Contains(text))
                    return KeywordsOrError.Fail($"nwchem grid '{text}' is not one of {string.Join(", ", Grids)}");
            }
            else if (key is "iterations" or "maxiter")
            {
                if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) || count < 1)
                    return KeywordsOrError.Fail($"nwchem keyword '{key}' must be a positive whole number, not '{text}'");
                text = count.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !(x > 0) || !double.IsFinite(x))
                    return KeywordsOrError.Fail($"nwchem keyword '{key}' must be a positive threshold such as 1e-6, not '{text}'");
                text = x.ToString("0.########E+00", CultureInfo.InvariantCulture);
            }
            k[key] = text;
        }
        return KeywordsOrError.Ok(k);
    }

    private static string? ResolveBasis(CalculationRequest request, EngineProbe probe, SortedDictionary<string, string> k)
    {
        if (request.Basis is null)
            return "nwchem needs a basis set; give one in the request (e.g. cc-pvdz)";
        string file;
        if (k.TryGetValue(BasisFileKey, out var given))
        {
            file = Path.GetFullPath(given);
            if (!File.Exists(file))
                return $"the basis_file '{given}' does not exist; give the path of a basis set in NWChem's library format";
        }
        else
        {
            var library = NwChemBasisLibrary.Directory(probe.ExecutablePath);
            if (library is null)
                return "NWChem's basis library was not found (share/nwchem/libraries); install it with: apt-get install nwchem-data";
            var found = NwChemBasisLibrary.FindFile(library, request.Basis);
            if (found is null)
                return $"NWChem's library {library} has no basis set called '{request.Basis}'; use a name from its files' headers, e.g. cc-pvdz or 6-31g*";
            file = found;
        }
        var content = File.ReadAllText(file);
        var blocks = NwChemBasisLibrary.ReadBlocks(content);
        foreach (var symbol in request.Molecule.AtomicNumbers.Distinct().Select(Elements.Symbol))
            if (!blocks.ContainsKey(symbol))
                return $"the basis set '{request.Basis}' in {file} has no functions for {symbol}; choose a basis set that covers every element of the molecule";
        k[BasisFileKey] = file;
        k[BasisFileHashKey] = RequestIdentity.Sha256Hex(content);
        if (k.TryGetValue("spherical", out var sph))
        {
            if (sph.ToLowerInvariant() is not ("true" or "false"))
                return $"nwchem keyword 'spherical' must be true or false, not '{sph}'";
            k["spherical"] = sph.ToLowerInvariant();
        }
        else
        {
            k["spherical"] = "false";
        }
        return null;
    }
}
