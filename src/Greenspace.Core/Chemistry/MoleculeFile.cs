namespace Greenspace.Chemistry;

/// <summary>
/// Molecule files by path: which format a file is in, and its records. The format follows the extension:
/// .xyz is XYZ, or extended XYZ when its first comment line holds key=value pairs (as ASE, QM7 and QM9
/// files do); .extxyz is extended XYZ; .sdf, .sd and .mol are SD/molfiles; .smi, .smiles and .csv hold
/// SMILES, which carry no coordinates and are read by the SMILES reader, not here.
/// </summary>
public static class MoleculeFile
{
    /// <exception cref="NotSupportedException">for an extension that is none of the above.</exception>
    /// <exception cref="IOException">when an .xyz file, whose first frame decides, does not exist or cannot be read.</exception>
    public static MoleculeFormat DetectFormat(string path)
    {
        switch (Path.GetExtension(path).ToLowerInvariant())
        {
            case ".xyz":
                CheckReadable(path);
                return HasKeyValueComment(path) ? MoleculeFormat.ExtendedXyz : MoleculeFormat.Xyz;
            case ".extxyz":
                return MoleculeFormat.ExtendedXyz;
            case ".sdf" or ".sd" or ".mol":
                return MoleculeFormat.Sdf;
            case ".smi" or ".smiles" or ".csv":
                return MoleculeFormat.Smiles;
            default:
                throw new NotSupportedException($"{path} has the extension '{Path.GetExtension(path)}', which is no molecule format Greenspace reads; give a .xyz, .extxyz, .sdf, .mol or .smi file");
        }
    }

    /// <summary>
    /// The records of an XYZ, extended XYZ or SD file, read lazily; bad records come with their reason and
    /// reading goes on. The file is checked now and opened when the enumeration starts.
    /// </summary>
    /// <exception cref="IOException">(FileNotFoundException when missing) when the file cannot be read at all.</exception>
    /// <exception cref="NotSupportedException">for a SMILES file or an unknown extension.</exception>
    public static IEnumerable<MoleculeRecord> Read(string path)
    {
        CheckReadable(path);
        var format = DetectFormat(path);
        if (format == MoleculeFormat.Smiles)
            throw new NotSupportedException($"{path} holds SMILES, which carry no coordinates; read it with the SMILES reader, which builds geometries");
        return ReadRecords(path, format);
    }

    private static IEnumerable<MoleculeRecord> ReadRecords(string path, MoleculeFormat format)
    {
        string source = Path.GetFileName(path);
        using var reader = Open(path);
        var records = format switch
        {
            MoleculeFormat.Xyz => XyzFormat.Read(reader, source),
            MoleculeFormat.ExtendedXyz => ExtXyzFormat.Read(reader, source),
            _ => SdfFormat.Read(reader, source),
        };
        foreach (var record in records)
            yield return record;
    }

    private static bool HasKeyValueComment(string path)
    {
        using var reader = Open(path);
        string? line;
        while ((line = reader.ReadLine()) is not null && LineText.IsBlank(line))
        {
        }
        var comment = line is null ? null : reader.ReadLine();
        return comment is not null && ExtXyzCommentLine.Parse(comment).Exists(pair => pair.Value is not null);
    }

    private static void CheckReadable(string path)
    {
        if (Directory.Exists(path))
            throw new IOException($"{path} is a folder, not a molecule file; give the path of a file in it");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} does not exist; check the path", path);
        try
        {
            using var _ = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path} cannot be read ({e.Message.TrimEnd('.')}); check that it is a file you may read", e);
        }
    }

    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path} cannot be read ({e.Message.TrimEnd('.')}); check that it is a file you may read", e);
        }
    }
}
