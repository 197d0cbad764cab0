using System.Text.Json.Serialization;
using Greenspace.Records;
using Parquet.Serialization;
using Parquet.Serialization.Attributes;

namespace Greenspace.Store.Export;

/// <summary>
/// Stored results as one Parquet table, one row per result with its cost: the shape for pandas,
/// Polars, DuckDB or Spark. Scalars only (no per-atom data): the energy with its kind and unit,
/// the HOMO-LUMO gap, the dipole, and where, when and at what cost each result was computed. A value
/// that can be missing (a failure has no energy, xtb's GFN-FF no gap) is a nullable column.
/// </summary>
public static class ParquetExport
{
    public static async Task WriteAsync(string path, IEnumerable<StoredCalculation> calculations, CancellationToken cancellationToken = default)
    {
        var rows = calculations.Select(Row).ToList();
        await using var stream = File.Create(path);
        await ParquetSerializer.SerializeAsync(rows, stream, cancellationToken: cancellationToken);
    }

    public static ParquetResultRow Row(StoredCalculation c)
    {
        var result = c.Result;
        var p = result.Properties;
        var dipole = p?.DipoleDebye;
        return new ParquetResultRow
        {
            RequestHash = c.RequestHash,
            ResultId = c.ResultId,
            Status = ExportConventions.Status(c),
            Program = c.Program,
            ProgramVersion = result.Provenance.ProgramVersion,
            Method = c.Method,
            Basis = c.Basis,
            Driver = c.Driver.ToWire(),
            Formula = c.Molecule.Formula,
            AtomCount = c.Molecule.AtomCount,
            Charge = c.Molecule.Charge,
            Multiplicity = c.Molecule.Multiplicity,
            EnergyKind = p?.EnergyKind.ToWire(),
            Energy = p?.Energy,
            EnergyUnit = p?.EnergyKind.Unit(),
            HomoHartree = p?.HomoHartree,
            LumoHartree = p?.LumoHartree,
            HomoLumoGapHartree = p?.HomoLumoGapHartree,
            DipoleXDebye = dipole?.X,
            DipoleYDebye = dipole?.Y,
            DipoleZDebye = dipole?.Z,
            DipoleNormDebye = dipole?.Norm,
            CpuSeconds = result.Cost.CpuSeconds,
            WallSeconds = result.Cost.WallSeconds,
            PeakMemoryBytes = result.Cost.PeakMemoryBytes,
            Meter = result.Cost.Meter,
            Host = result.Provenance.Host,
            StartedAt = result.Provenance.StartedAt.UtcDateTime,
            EndedAt = result.Provenance.EndedAt.UtcDateTime,
            Error = result.Error,
        };
    }
}

/// <summary>One row of the Parquet export; the column names (snake case, units in them) are the attributes'.</summary>
public sealed class ParquetResultRow
{
    [JsonPropertyName("request_hash"), ParquetRequired] public string RequestHash { get; init; } = "";
    [JsonPropertyName("result_id")] public long ResultId { get; init; }
    [JsonPropertyName("status"), ParquetRequired] public string Status { get; init; } = "";
    [JsonPropertyName("program"), ParquetRequired] public string Program { get; init; } = "";
    [JsonPropertyName("program_version"), ParquetRequired] public string ProgramVersion { get; init; } = "";
    [JsonPropertyName("method"), ParquetRequired] public string Method { get; init; } = "";
    [JsonPropertyName("basis")] public string? Basis { get; init; }
    [JsonPropertyName("driver"), ParquetRequired] public string Driver { get; init; } = "";
    [JsonPropertyName("formula"), ParquetRequired] public string Formula { get; init; } = "";
    [JsonPropertyName("atom_count")] public int AtomCount { get; init; }
    [JsonPropertyName("charge")] public int Charge { get; init; }
    [JsonPropertyName("multiplicity")] public int Multiplicity { get; init; }

    /// <summary>total_energy (Hartree), heat_of_formation or force_field_energy (kcal/mol); null for a failure.</summary>
    [JsonPropertyName("energy_kind")] public string? EnergyKind { get; init; }
    [JsonPropertyName("energy")] public double? Energy { get; init; }
    [JsonPropertyName("energy_unit")] public string? EnergyUnit { get; init; }
    [JsonPropertyName("homo_hartree")] public double? HomoHartree { get; init; }
    [JsonPropertyName("lumo_hartree")] public double? LumoHartree { get; init; }
    [JsonPropertyName("homo_lumo_gap_hartree")] public double? HomoLumoGapHartree { get; init; }
    [JsonPropertyName("dipole_x_debye")] public double? DipoleXDebye { get; init; }
    [JsonPropertyName("dipole_y_debye")] public double? DipoleYDebye { get; init; }
    [JsonPropertyName("dipole_z_debye")] public double? DipoleZDebye { get; init; }
    [JsonPropertyName("dipole_norm_debye")] public double? DipoleNormDebye { get; init; }
    [JsonPropertyName("cpu_seconds")] public double CpuSeconds { get; init; }
    [JsonPropertyName("wall_seconds")] public double WallSeconds { get; init; }
    [JsonPropertyName("peak_memory_bytes")] public long PeakMemoryBytes { get; init; }
    [JsonPropertyName("meter"), ParquetRequired] public string Meter { get; init; } = "";
    [JsonPropertyName("host"), ParquetRequired] public string Host { get; init; } = "";
    [JsonPropertyName("started_at"), ParquetTimestamp(ParquetTimestampResolution.Microseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public DateTime StartedAt { get; init; }
    [JsonPropertyName("ended_at"), ParquetTimestamp(ParquetTimestampResolution.Microseconds, useLogicalTimestamp: true, isAdjustedToUTC: true)]
    public DateTime EndedAt { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}
