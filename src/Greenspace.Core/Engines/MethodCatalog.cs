namespace Greenspace.Engines;

/// <summary>
/// Which program runs a method when the user names only the method ("gfn2", "pm7", "b3lyp"), and
/// whether it needs a basis set. One table, so that the CLI and campaign specs agree.
/// </summary>
public static class MethodCatalog
{
    private static readonly Dictionary<string, (string Program, bool NeedsBasis)> Methods = new(StringComparer.OrdinalIgnoreCase)
    {
        ["gfnff"] = ("xtb", false),
        ["gfn-ff"] = ("xtb", false),
        ["gfn1"] = ("xtb", false),
        ["gfn1-xtb"] = ("xtb", false),
        ["gfn2"] = ("xtb", false),
        ["gfn2-xtb"] = ("xtb", false),
        ["pm7"] = ("mopac", false),
        ["pm6"] = ("mopac", false),
        ["mmff94"] = ("openbabel", false),
        ["uff"] = ("openbabel", false),
        ["hf"] = ("psi4", true),
        ["scf"] = ("psi4", true),
        ["b3lyp"] = ("psi4", true),
        ["pbe0"] = ("psi4", true),
        ["pbe"] = ("psi4", true),
        ["mp2"] = ("psi4", true),
        ["ccsd"] = ("psi4", true),
        ["ccsd(t)"] = ("psi4", true),
    };

    /// <summary>The default program for <paramref name="method"/>, or null when Greenspace does not know the method.</summary>
    public static string? DefaultProgram(string method) => Methods.TryGetValue(method.Trim(), out var m) ? m.Program : null;

    public static bool NeedsBasis(string method) => Methods.TryGetValue(method.Trim(), out var m) && m.NeedsBasis;

    public static IEnumerable<string> Known => Methods.Keys.Order(StringComparer.Ordinal);
}
