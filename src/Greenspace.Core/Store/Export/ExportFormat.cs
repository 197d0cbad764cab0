namespace Greenspace.Store.Export;

/// <summary>The file formats the store exports to, each for the tools its readers use.</summary>
public enum ExportFormat
{
    /// <summary>Extended XYZ, one frame per result, for ASE and the ML potentials built on it.</summary>
    ExtXyz,

    /// <summary>MolSSI QCSchema records as JSON Lines, for QCElemental, QCEngine and QCFractal users.</summary>
    QcSchema,

    /// <summary>One table row per result with its cost, for pandas, Polars, DuckDB and Spark.</summary>
    Parquet,
}

public static class ExportFormats
{
    public static IReadOnlyList<string> Names { get; } = ["extxyz", "qcschema", "parquet"];

    public static bool TryParse(string? text, out ExportFormat format)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "extxyz" or "xyz" or "ext-xyz":
                format = ExportFormat.ExtXyz;
                return true;
            case "qcschema" or "qcschema-json" or "jsonl":
                format = ExportFormat.QcSchema;
                return true;
            case "parquet":
                format = ExportFormat.Parquet;
                return true;
            default:
                format = default;
                return false;
        }
    }

    public static string Name(this ExportFormat format) => format switch
    {
        ExportFormat.ExtXyz => "extxyz",
        ExportFormat.QcSchema => "qcschema",
        ExportFormat.Parquet => "parquet",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
