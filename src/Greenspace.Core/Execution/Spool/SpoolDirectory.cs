namespace Greenspace.Execution.Spool;

/// <summary>
/// A folder on a filesystem the head process and the compute nodes share, through which work goes out and results
/// come back. SQLite's WAL mode does not work over network filesystems, so workers never write the store: the head
/// writes each batch's manifest, a worker writes each finished calculation's result as soon as it finishes (written
/// beside its place and renamed into it, so a reader never sees half a file), and the head alone reads results into
/// the store. A result file stays until the store holds its result, so a head that crashes in between loses nothing.
/// </summary>
public sealed class SpoolDirectory
{
    public SpoolDirectory(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(Root, "batches"));
        Directory.CreateDirectory(Path.Combine(Root, "results"));
    }

    public string Root { get; }

    public string BatchFolder(string batch) => Path.Combine(Root, "batches", batch);

    public string ManifestPath(string batch) => Path.Combine(BatchFolder(batch), "manifest.json");

    public string ResultPath(string hash) => Path.Combine(Root, "results", hash + ".json");

    public void WriteManifest(SpoolManifest manifest)
    {
        Directory.CreateDirectory(BatchFolder(manifest.Batch));
        WriteAtomically(ManifestPath(manifest.Batch), SpoolJson.Manifest(manifest));
    }

    public SpoolManifest ReadManifest(string batch)
    {
        var path = ManifestPath(batch);
        if (!File.Exists(path))
            throw new FileNotFoundException($"the spool {Root} has no batch '{batch}' (no {path}); check --spool and --batch");
        return SpoolJson.Manifest(File.ReadAllText(path));
    }

    public bool HasResult(string hash) => File.Exists(ResultPath(hash));

    public void WriteResult(string hash, Records.CalculationResult result) => WriteAtomically(ResultPath(hash), SpoolJson.Result(hash, result));

    /// <summary>The result a worker wrote for <paramref name="hash"/>, or null while there is none.</summary>
    public Records.CalculationResult? TryReadResult(string hash)
    {
        string json;
        try
        {
            json = File.ReadAllText(ResultPath(hash));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        var (written, result) = SpoolJson.Result(json);
        if (written != hash)
            throw new InvalidDataException($"the spool's result file {ResultPath(hash)} holds the result of {written}; remove it and run again");
        return result;
    }

    /// <summary>Forgets a result the store now holds.</summary>
    public void RemoveResult(string hash) => File.Delete(ResultPath(hash));

    /// <summary>
    /// Forgets a batch whose every calculation's result is in: its manifest, job script and Slurm's output. Best effort:
    /// a file a node still holds open leaves the folder for the next look.
    /// </summary>
    public void RemoveBatch(string batch)
    {
        try
        {
            Directory.Delete(BatchFolder(batch), recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    // Written in full (and flushed to disk) under a temporary name in the same folder, then renamed: a rename within a
    // folder is atomic on POSIX filesystems, NFS included, so the file is either absent or whole.
    private static void WriteAtomically(string path, string text)
    {
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
