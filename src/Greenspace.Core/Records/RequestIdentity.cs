using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Greenspace.Chemistry;

namespace Greenspace.Records;

/// <summary>
/// The identity of a calculation: a SHA-256 over a canonical JSON serialisation of the molecule
/// (atoms in canonical order, coordinates rounded to 1e-4 angstrom, the precision SDF keeps; charge;
/// multiplicity), the program and its major.minor version, method, basis, driver and every keyword
/// after the program's defaults are filled in. Two requests that could give different numbers never
/// share a hash; the same molecule with its atoms listed in another order, or its keywords in
/// another order, does. Names, bonds and the patch version do not enter.
/// </summary>
public sealed record RequestIdentity
{
    public const string Schema = "greenspace.request.v1";

    /// <summary>Coordinates enter the hash as integers in units of 1e-4 angstrom.</summary>
    public const double CoordinateQuantumAngstrom = 1e-4;

    /// <summary>Lower-case hex SHA-256 of <see cref="CanonicalJson"/>.</summary>
    public required string Hash { get; init; }
    public required string CanonicalJson { get; init; }

    /// <summary>Canonical atom i is the caller's atom <c>CanonicalOrder[i]</c>.</summary>
    public required ImmutableArray<int> CanonicalOrder { get; init; }

    /// <summary>The caller's atom i is canonical atom <c>CallerOrder[i]</c> (the inverse permutation).</summary>
    public required ImmutableArray<int> CallerOrder { get; init; }

    /// <summary>
    /// Computes the identity of <paramref name="request"/> for a program whose version is
    /// <paramref name="programVersion"/> (only major.minor enter), with <paramref name="filledKeywords"/>
    /// the request's keywords after the program's defaults are filled in.
    /// </summary>
    public static RequestIdentity Of(CalculationRequest request, string programVersion, IReadOnlyDictionary<string, string> filledKeywords)
    {
        var order = CanonicalAtomOrder(request.Molecule);
        var inverse = new int[order.Length];
        for (int i = 0; i < order.Length; i++)
            inverse[order[i]] = i;
        var mol = request.Molecule;
        var json = new CanonicalJson().Object(new Dictionary<string, Action<CanonicalJson>>
        {
            ["schema"] = j => j.String(Schema),
            ["program"] = j => j.String(request.Program),
            ["program_version"] = j => j.String(MajorMinor(programVersion)),
            ["method"] = j => j.String(request.Method),
            ["basis"] = j => j.String(request.Basis),
            ["driver"] = j => j.String(request.Driver.ToWire()),
            ["keywords"] = j => j.Object(filledKeywords.Select(kv =>
                new KeyValuePair<string, Action<CanonicalJson>>(kv.Key, jj => jj.String(kv.Value)))),
            ["molecule"] = j => WriteMolecule(j, mol, order),
        }).ToString();
        return new RequestIdentity
        {
            Hash = Sha256Hex(json),
            CanonicalJson = json,
            CanonicalOrder = [.. order],
            CallerOrder = [.. inverse],
        };
    }

    /// <summary>SHA-256 of the molecule's canonical form alone (the "molecule" member of the request JSON).</summary>
    public static string MoleculeHash(Molecule molecule) =>
        Sha256Hex(WriteMolecule(new CanonicalJson(), molecule, CanonicalAtomOrder(molecule)).ToString());

    private static CanonicalJson WriteMolecule(CanonicalJson json, Molecule mol, int[] order) =>
        json.Object(new Dictionary<string, Action<CanonicalJson>>
        {
            ["charge"] = j => j.Integer(mol.Charge),
            ["multiplicity"] = j => j.Integer(mol.Multiplicity),
            ["atomic_numbers"] = j => j.Array(order, (w, i) => w.Integer(mol.AtomicNumbers[i])),
            ["geometry_1e-4_angstrom"] = j => j.Array(order, (w, i) =>
            {
                var p = mol.PositionsAngstrom[i];
                w.Array([Quantise(p.X), Quantise(p.Y), Quantise(p.Z)], (ww, q) => ww.Integer(q));
            }),
        });

    /// <summary>Atoms sorted by atomic number, then by rounded x, y, z; ties (which validation rules out) by input position.</summary>
    public static int[] CanonicalAtomOrder(Molecule molecule)
    {
        var z = molecule.AtomicNumbers;
        var r = molecule.PositionsAngstrom;
        return Enumerable.Range(0, molecule.AtomCount)
            .OrderBy(i => z[i])
            .ThenBy(i => Quantise(r[i].X))
            .ThenBy(i => Quantise(r[i].Y))
            .ThenBy(i => Quantise(r[i].Z))
            .ThenBy(i => i)
            .ToArray();
    }

    public static long Quantise(double angstrom)
    {
        long q = (long)Math.Round(angstrom / CoordinateQuantumAngstrom, MidpointRounding.AwayFromZero);
        return q;
    }

    /// <summary>"6.5.1" gives "6.5"; "1.3.2" gives "1.3"; a version without a dot is kept whole.</summary>
    public static string MajorMinor(string version)
    {
        var parts = version.Trim().Split('.', 3);
        return parts.Length >= 2 ? parts[0] + "." + new string(parts[1].TakeWhile(char.IsAsciiLetterOrDigit).ToArray()) : version.Trim();
    }

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
