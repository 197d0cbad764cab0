namespace Greenspace;

/// <summary>
/// The data sets shipped in the repository's <c>data</c> folder: found from <c>GREENSPACE_DATA</c> when set, else from
/// the current folder or the program's folder and their parents (a checkout, run with <c>dotnet run</c> or from bin/).
/// </summary>
public static class BundledData
{
    /// <summary>The data folder, or null when none is found.</summary>
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("GREENSPACE_DATA") is { Length: > 0 } given)
            return given;
        foreach (var start in new[] { System.IO.Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "data", "README.md")) && System.IO.Directory.Exists(System.IO.Path.Combine(dir.FullName, "data", "qm7")))
                    return System.IO.Path.Combine(dir.FullName, "data");
        return null;
    }

    /// <summary>The path of a bundled file, or an exception whose message says how to point Greenspace at its data.</summary>
    public static string PathOf(params string[] parts) =>
        System.IO.Path.Combine([Find() ?? throw new FileNotFoundException(
            "Greenspace's bundled data (the data folder of its repository) was not found from here; run inside the repository or set GREENSPACE_DATA to its data folder"), .. parts]);
}
