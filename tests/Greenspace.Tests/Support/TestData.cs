namespace Greenspace.Tests.Support;

/// <summary>Paths to the repository's bundled data and a fresh temporary directory per test.</summary>
public static class TestData
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string DataFile(params string[] parts) => Path.Combine([RepositoryRoot, "data", .. parts]);

    /// <summary>A new empty directory under the system temp folder, for one test.</summary>
    public static string NewTempDirectory(string prefix = "gs-test-") => Directory.CreateTempSubdirectory(prefix).FullName;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Greenspace.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("tests must run inside the Greenspace repository");
    }
}

/// <summary>Trait names: slow tests (minutes of QM) are excluded from the fast local subset.</summary>
public static class Category
{
    public const string Name = "Category";
    public const string Slow = "Slow";
}
