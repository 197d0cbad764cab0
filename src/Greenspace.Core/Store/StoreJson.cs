using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Greenspace.Chemistry;
using Greenspace.Records;

namespace Greenspace.Store;

/// <summary>
/// The JSON the store keeps for properties and molecules. Doubles are written in their shortest
/// round-trip form, so a value read back equals the value stored, bit for bit.
/// </summary>
internal static class StoreJson
{
    public static string Properties(ResultProperties p) => JsonSerializer.Serialize(new PropertiesDto
    {
        EnergyKind = p.EnergyKind.ToWire(),
        Energy = p.Energy,
        HomoHartree = p.HomoHartree,
        LumoHartree = p.LumoHartree,
        HomoLumoGapHartree = p.HomoLumoGapHartree,
        DipoleDebye = p.DipoleDebye is { } d ? [d.X, d.Y, d.Z] : null,
        PartialCharges = p.PartialCharges.IsDefaultOrEmpty ? null : [.. p.PartialCharges],
        ChargeModel = p.ChargeModel,
        GradientHartreePerBohr = Rows(p.GradientHartreePerBohr),
        FinalPositionsAngstrom = Rows(p.FinalPositionsAngstrom),
        Iterations = p.Iterations,
        Extras = p.Extras.Count == 0 ? null : new SortedDictionary<string, double>(p.Extras, StringComparer.Ordinal),
    }, StoreJsonContext.Default.PropertiesDto);

    public static ResultProperties Properties(string json)
    {
        var d = JsonSerializer.Deserialize(json, StoreJsonContext.Default.PropertiesDto)
            ?? throw new FormatException("stored properties are empty");
        return new ResultProperties
        {
            EnergyKind = EnergyKinds.FromWire(d.EnergyKind),
            Energy = d.Energy,
            HomoHartree = d.HomoHartree,
            LumoHartree = d.LumoHartree,
            HomoLumoGapHartree = d.HomoLumoGapHartree,
            DipoleDebye = d.DipoleDebye is { Length: 3 } v ? new Vec3(v[0], v[1], v[2]) : null,
            PartialCharges = d.PartialCharges is null ? [] : [.. d.PartialCharges],
            ChargeModel = d.ChargeModel,
            GradientHartreePerBohr = Vectors(d.GradientHartreePerBohr),
            FinalPositionsAngstrom = Vectors(d.FinalPositionsAngstrom),
            Iterations = d.Iterations,
            Extras = d.Extras is null ? ImmutableSortedDictionary<string, double>.Empty : d.Extras.ToImmutableSortedDictionary(StringComparer.Ordinal),
        };
    }

    public static string Positions(IEnumerable<Vec3> positions) =>
        JsonSerializer.Serialize(Rows([.. positions]) ?? [], StoreJsonContext.Default.DoubleArrayArray);

    public static ImmutableArray<Vec3> Positions(string json) =>
        Vectors(JsonSerializer.Deserialize(json, StoreJsonContext.Default.DoubleArrayArray));

    public static string Integers(IEnumerable<int> values) =>
        JsonSerializer.Serialize(values.ToArray(), StoreJsonContext.Default.Int32Array);

    public static int[] Integers(string json) =>
        JsonSerializer.Deserialize(json, StoreJsonContext.Default.Int32Array) ?? [];

    public static string Keywords(IReadOnlyDictionary<string, string> keywords) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(keywords.ToDictionary(), StringComparer.Ordinal), StoreJsonContext.Default.SortedDictionaryStringString);

    public static SortedDictionary<string, string> Keywords(string json) =>
        JsonSerializer.Deserialize(json, StoreJsonContext.Default.SortedDictionaryStringString) ?? new(StringComparer.Ordinal);

    private static double[][]? Rows(ImmutableArray<Vec3> v) =>
        v.IsDefaultOrEmpty ? null : v.Select(p => new[] { p.X, p.Y, p.Z }).ToArray();

    private static ImmutableArray<Vec3> Vectors(double[][]? rows) =>
        rows is null ? [] : rows.Select(r => new Vec3(r[0], r[1], r[2])).ToImmutableArray();
}

internal sealed class PropertiesDto
{
    public string EnergyKind { get; set; } = "";
    public double Energy { get; set; }
    public double? HomoHartree { get; set; }
    public double? LumoHartree { get; set; }
    public double? HomoLumoGapHartree { get; set; }
    public double[]? DipoleDebye { get; set; }
    public double[]? PartialCharges { get; set; }
    public string? ChargeModel { get; set; }
    public double[][]? GradientHartreePerBohr { get; set; }
    public double[][]? FinalPositionsAngstrom { get; set; }
    public int? Iterations { get; set; }
    public SortedDictionary<string, double>? Extras { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PropertiesDto))]
[JsonSerializable(typeof(double[][]))]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
