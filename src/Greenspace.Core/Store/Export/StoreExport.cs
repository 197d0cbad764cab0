namespace Greenspace.Store.Export;

/// <summary>What an export wrote: the file, its card, and how many successes and failures went in.</summary>
public sealed record ExportSummary(ExportFormat Format, string OutputPath, string CardPath, int Successes, int Failures)
{
    public int Total => Successes + Failures;
}

/// <summary>Writes the chosen results of a store in one format, with the dataset card beside it.</summary>
public static class StoreExport
{
    /// <summary>
    /// Writes <paramref name="calculations"/> (already selected, e.g. by <see cref="ExportSelection.From"/>) to
    /// <paramref name="outputPath"/>, creating its folder, and the card to <c>&lt;output&gt;.card.md</c>.
    /// </summary>
    public static async Task<ExportSummary> WriteAsync(IReadOnlyList<StoredCalculation> calculations, ExportFormat format, string outputPath,
        string storePath, ExportSelection selection, CancellationToken cancellationToken = default)
    {
        var output = Path.GetFullPath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        switch (format)
        {
            case ExportFormat.ExtXyz:
                ExtXyzExport.Write(output, calculations);
                break;
            case ExportFormat.QcSchema:
                QcSchemaExport.Write(output, calculations);
                break;
            case ExportFormat.Parquet:
                await ParquetExport.WriteAsync(output, calculations, cancellationToken);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
        var card = DatasetCard.PathFor(output);
        await File.WriteAllTextAsync(card, DatasetCard.Build(calculations, format, output, storePath, selection, DateTimeOffset.UtcNow), cancellationToken);
        int successes = calculations.Count(c => c.Result.Succeeded);
        return new ExportSummary(format, output, card, successes, calculations.Count - successes);
    }
}
