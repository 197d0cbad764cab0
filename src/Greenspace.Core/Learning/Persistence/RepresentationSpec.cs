using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Greenspace.Chemistry;
using Greenspace.Learning.Representations;

namespace Greenspace.Learning.Persistence;

/// <summary>The representations a saved model can be made with.</summary>
public enum RepresentationKind
{
    CoulombMatrix,
    BagOfBonds,
    Slatm,
    Fchl19,
    Ecfp,
}

/// <summary>
/// A representation with every setting that changes its numbers, fitted state included (the Coulomb matrix's
/// size, the bag of bonds' bag sizes, SLATM's largest element counts, FCHL19's element channels), so that a
/// saved model remakes exactly the vectors it was trained on. Fitted only on training molecules.
/// </summary>
public sealed class RepresentationSpec
{
    private readonly IGlobalRepresentation? _global;
    private readonly ILocalRepresentation? _local;

    private RepresentationSpec(RepresentationKind kind, IGlobalRepresentation? global, ILocalRepresentation? local)
    {
        Kind = kind;
        _global = global;
        _local = local;
    }

    public RepresentationKind Kind { get; }

    /// <summary>The representation's own name with its settings ("Coulomb matrix (23 atoms)").</summary>
    public string Name => _global?.Name ?? _local!.Name;

    /// <summary>Whether the kernel compares per-atom vectors summed over same-element pairs (FCHL19) rather than whole-molecule vectors.</summary>
    public bool IsLocal => _local is not null;

    /// <summary>The paper that defines the representation.</summary>
    public string Citation => Citations[Kind];

    /// <summary>The short name of the command line ("cm", "bob", "slatm", "fchl19", "ecfp").</summary>
    public string ShortName => ShortNames[Kind];

    public static readonly ImmutableDictionary<RepresentationKind, string> ShortNames = new Dictionary<RepresentationKind, string>
    {
        [RepresentationKind.CoulombMatrix] = "cm",
        [RepresentationKind.BagOfBonds] = "bob",
        [RepresentationKind.Slatm] = "slatm",
        [RepresentationKind.Fchl19] = "fchl19",
        [RepresentationKind.Ecfp] = "ecfp",
    }.ToImmutableDictionary();

    private static readonly ImmutableDictionary<RepresentationKind, string> Citations = new Dictionary<RepresentationKind, string>
    {
        [RepresentationKind.CoulombMatrix] = "M. Rupp, A. Tkatchenko, K.-R. Mueller, O. A. von Lilienfeld, Phys. Rev. Lett. 108, 058301 (2012); sorted by row norm as in G. Montavon et al., NIPS 25 (2012)",
        [RepresentationKind.BagOfBonds] = "K. Hansen, F. Biegler, R. Ramakrishnan, W. Pronobis, O. A. von Lilienfeld, K.-R. Mueller, A. Tkatchenko, J. Phys. Chem. Lett. 6, 2326 (2015)",
        [RepresentationKind.Slatm] = "B. Huang, O. A. von Lilienfeld, Nat. Chem. 12, 945 (2020), arXiv:1707.04146",
        [RepresentationKind.Fchl19] = "A. S. Christensen, L. A. Bratholm, F. A. Faber, O. A. von Lilienfeld, J. Chem. Phys. 152, 044107 (2020)",
        [RepresentationKind.Ecfp] = "D. Rogers, M. Hahn, J. Chem. Inf. Model. 50, 742 (2010)",
    }.ToImmutableDictionary();

    /// <summary>"cm", "bob", ... (any case) to its kind.</summary>
    public static bool TryParse(string text, out RepresentationKind kind)
    {
        foreach (var (k, name) in ShortNames)
            if (string.Equals(name, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        kind = default;
        return false;
    }

    /// <summary>
    /// The representation of <paramref name="kind"/> fitted on <paramref name="training"/>: the Coulomb matrix sized for
    /// the larger of QM7's 23 atoms and the largest training molecule (zero padding changes no distance between
    /// smaller molecules), bags and SLATM types from the training molecules, FCHL19 with qmlcode's channels plus
    /// any other element of the training set, ECFP4 with 2048 bits.
    /// </summary>
    public static RepresentationSpec Fit(RepresentationKind kind, IReadOnlyList<Molecule> training)
    {
        if (training.Count == 0)
            throw new LearningInputException("the training set is empty; give the model at least one labelled molecule");
        return kind switch
        {
            RepresentationKind.CoulombMatrix => new(kind, new CoulombMatrix(Math.Max(CoulombMatrix.Qm7Size, training.Max(m => m.AtomCount))), null),
            RepresentationKind.BagOfBonds => new(kind, BagOfBonds.Fit(training), null),
            RepresentationKind.Slatm => new(kind, Slatm.Fit(training), null),
            RepresentationKind.Fchl19 => new(kind, null, new Fchl19(Fchl19.DefaultElements.Concat(training.SelectMany(m => m.AtomicNumbers)))),
            RepresentationKind.Ecfp => new(kind, new Ecfp(), null),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Why the representation cannot take <paramref name="molecule"/>, or null.</summary>
    public string? Problem(Molecule molecule) => _global?.Problem(molecule) ?? _local?.Problem(molecule);

    /// <summary>The features of <paramref name="molecules"/>, every one of which must pass <see cref="Problem"/>.</summary>
    public FeatureSet Featurise(IReadOnlyList<Molecule> molecules) =>
        _global is not null ? VectorFeatures.Compute(_global, molecules) : AtomicFeatures.Compute(_local!, molecules);

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["kind"] = ShortName };
        switch (_global ?? (object)_local!)
        {
            case CoulombMatrix cm:
                json["size"] = cm.Size;
                break;
            case BagOfBonds bob:
                json["atom_bags"] = new JsonArray([.. bob.AtomBagSizes.OrderBy(p => p.Key).Select(p => (JsonNode)new JsonArray(p.Key, p.Value))]);
                json["pair_bags"] = new JsonArray([.. bob.PairBagSizes.OrderBy(p => p.Key).Select(p => (JsonNode)new JsonArray(p.Key.Item1, p.Key.Item2, p.Value))]);
                break;
            case Slatm slatm:
                json["largest_count_per_element"] = new JsonArray([.. slatm.LargestCountPerElement.OrderBy(p => p.Key).Select(p => (JsonNode)new JsonArray(p.Key, p.Value))]);
                break;
            case Fchl19 fchl:
                json["element_channels"] = new JsonArray([.. fchl.ElementChannels.Select(z => (JsonNode)z)]);
                break;
            case Ecfp ecfp:
                json["radius"] = ecfp.Radius;
                json["bits"] = ecfp.BitCount;
                break;
        }
        json["name"] = Name;
        return json;
    }

    /// <exception cref="ModelFormatException">for a representation this Greenspace does not know.</exception>
    public static RepresentationSpec FromJson(JsonObject json)
    {
        string name = json.Required<string>("kind");
        if (!TryParse(name, out var kind))
            throw new ModelFormatException($"the model uses the representation '{name}', which this Greenspace does not know; use a newer Greenspace");
        static int[] Ints(JsonNode? node) => [.. ((JsonArray)node!).Select(n => n!.GetValue<int>())];
        IEnumerable<int[]> Rows(string name) => json.RequiredArray(name).Select(Ints);
        return kind switch
        {
            RepresentationKind.CoulombMatrix => new(kind, new CoulombMatrix(json.Required<int>("size")), null),
            RepresentationKind.BagOfBonds => new(kind, new BagOfBonds(
                Rows("atom_bags").ToDictionary(r => r[0], r => r[1]),
                Rows("pair_bags").ToDictionary(r => (r[0], r[1]), r => r[2])), null),
            RepresentationKind.Slatm => new(kind, new Slatm(Rows("largest_count_per_element").ToDictionary(r => r[0], r => r[1])), null),
            RepresentationKind.Fchl19 => new(kind, null, new Fchl19(Ints(json.RequiredArray("element_channels")))),
            _ => new(kind, new Ecfp(json.Required<int>("radius"), json.Required<int>("bits")), null),
        };
    }
}
