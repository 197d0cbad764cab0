using System.Text.RegularExpressions;
using Greenspace.Records;

namespace Greenspace.Engines.Psi4;

/// <summary>
/// Where a psi4 request's basis set comes from: psi4's library (Debian package <c>psi4-data</c>,
/// /usr/share/psi4/basis, one G94 file per basis set) or a caller's G94 file, whose content's hash
/// enters the keywords; and what the file's header says about spherical functions.
/// </summary>
public static partial class Psi4BasisLibrary
{
    /// <summary>
    /// Finds the basis file (the caller's <c>basis_file</c>, or psi4's library file for the request's
    /// basis name), records its content hash for a caller's file, and what its header says about puream.
    /// </summary>
    public static string? Resolve(CalculationRequest request, EngineProbe probe, Psi4Defaults d, SortedDictionary<string, string> k)
    {
        string content;
        if (request.Basis is not null && !BasisNamePattern().IsMatch(request.Basis))
            return $"'{request.Basis}' is not a basis set name psi4 could read; use letters, digits and - + * ( ) , _ .";
        if (k.TryGetValue(Psi4Keywords.BasisFileKey, out var path))
        {
            if (request.Basis is null)
                return "a psi4 request with a basis_file still needs a basis name in the request, as its label (e.g. '6-31g(2df,p)')";
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
                return $"the basis_file '{path}' does not exist; give the path of a basis set in psi4's G94 format (.gbs)";
            content = File.ReadAllText(full);
            k[Psi4Keywords.BasisFileKey] = full;
            k[Psi4Keywords.BasisFileHashKey] = RequestIdentity.Sha256Hex(content);
        }
        else
        {
            if (request.Basis is null)
                return "psi4 needs a basis set; give one in the request (e.g. cc-pvdz) or a basis_file keyword";
            var library = LibraryDirectory(probe);
            if (library is null)
                return $"psi4's basis library was not found next to {probe.ExecutablePath} (share/psi4/basis) nor in PSIDATADIR; reinstall it with: apt-get install psi4-data";
            var file = Path.Combine(library, LibraryFileName(request.Basis));
            if (!File.Exists(file))
                return $"psi4 has no basis set '{request.Basis}' (no {file}); use a name from {library}, or give a basis_file";
            content = File.ReadAllText(file);
        }
        if (!k.ContainsKey("puream"))
            k[Psi4Keywords.BasisPureAmKey] = (HeaderPureAm(content) ?? d.PureAmWithoutHeader) ? "true" : "false";
        return null;
    }

    /// <summary>psi4's file name for a basis name: lower case, + as p, * as s, brackets and commas as _.</summary>
    public static string LibraryFileName(string basis) =>
        basis.ToLowerInvariant().Replace('+', 'p').Replace('*', 's').Replace('(', '_').Replace(')', '_').Replace(',', '_') + ".gbs";

    /// <summary>psi4's basis directory: $PSIDATADIR/basis, or share/psi4/basis beside the executable.</summary>
    public static string? LibraryDirectory(EngineProbe probe)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("PSIDATADIR") is { Length: > 0 } dataDir)
            candidates.Add(Path.Combine(dataDir, "basis"));
        if (probe.ExecutablePath is { } exe && Path.GetDirectoryName(ResolveLinks(exe)) is { } bin)
            candidates.Add(Path.GetFullPath(Path.Combine(bin, "..", "share", "psi4", "basis")));
        return candidates.FirstOrDefault(Directory.Exists);
    }

    private static string ResolveLinks(string path) =>
        File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;

    /// <summary>"spherical" or "cartesian" on the first line of a G94 file that is not a comment, as psi4 reads it.</summary>
    public static bool? HeaderPureAm(string gbs)
    {
        foreach (var raw in gbs.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '!')
                continue;
            return line.ToLowerInvariant() switch
            {
                "spherical" => true,
                "cartesian" => false,
                _ => null,
            };
        }
        return null;
    }

    [GeneratedRegex(@"^[a-z0-9_.+\-*(),]+$")]
    private static partial Regex BasisNamePattern();
}
