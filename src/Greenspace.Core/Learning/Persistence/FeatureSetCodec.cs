using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Greenspace.Learning.LinearAlgebra;

namespace Greenspace.Learning.Persistence;

/// <summary>
/// Writes a model's training features into the array block and reads them back unchanged: one matrix for
/// whole-molecule vectors; for per-atom vectors, each molecule's atom count, every atom's element and all
/// atom rows in the molecules' own atom order (the atom-sum kernel sorts them by element itself).
/// </summary>
internal static class FeatureSetCodec
{
    public static JsonObject Write(FeatureSet features, ArrayBlockWriter arrays, string path) => features switch
    {
        VectorFeatures v => new JsonObject
        {
            ["kind"] = "vector",
            ["rows"] = v.Count,
            ["columns"] = v.Length,
            ["values"] = arrays.Add($"{path}/values", v.Values.AsSpan()),
        },
        AtomicFeatures a => new JsonObject
        {
            ["kind"] = "atomic",
            ["molecules"] = a.Count,
            ["columns"] = a.Length,
            ["atom_counts"] = arrays.Add($"{path}/atom_counts", [.. a.Molecules.Select(m => m.AtomicNumbers.Length)]),
            ["atomic_numbers"] = arrays.Add($"{path}/atomic_numbers", [.. a.Molecules.SelectMany(m => m.AtomicNumbers)]),
            ["values"] = arrays.Add($"{path}/values", [.. a.Molecules.SelectMany(m => m.Features.AsSpan().ToArray())]),
        },
        _ => throw new ArgumentException($"features of type {features.GetType().Name} cannot be saved", nameof(features)),
    };

    public static FeatureSet Read(JsonObject node, ArrayBlockReader arrays)
    {
        string kind = node.Required<string>("kind");
        int columns = node.Required<int>("columns");
        var values = arrays.Doubles(node.Required<string>("values"));
        if (kind == "vector")
            return new VectorFeatures(new Matrix(node.Required<int>("rows"), columns, values));
        if (kind != "atomic")
            throw new ModelFormatException($"the model's training features are of the kind '{kind}', which this Greenspace does not know; use a newer Greenspace");
        var counts = arrays.Integers(node.Required<string>("atom_counts"));
        var elements = arrays.Integers(node.Required<string>("atomic_numbers"));
        var molecules = new AtomEnvironments[counts.Length];
        int atom = 0;
        for (int m = 0; m < counts.Length; m++)
        {
            molecules[m] = new AtomEnvironments(ImmutableArray.Create(elements, atom, counts[m]),
                new Matrix(counts[m], columns, values[(atom * columns)..((atom + counts[m]) * columns)]));
            atom += counts[m];
        }
        return new AtomicFeatures(molecules);
    }
}
