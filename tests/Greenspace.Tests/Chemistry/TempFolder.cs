using Greenspace.Tests.Support;

namespace Greenspace.Tests.Chemistry;

/// <summary>A fresh temporary folder for one test, removed with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = TestData.NewTempDirectory();

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
