namespace Greenspace.Engines;

/// <summary>A calculation's own working directory, removed on dispose unless it is to be kept.</summary>
public sealed class Scratch : IDisposable
{
    private readonly bool _keep;

    public string Path { get; }

    public Scratch(EngineRunOptions options, string program)
    {
        _keep = options.KeepScratch;
        Path = System.IO.Path.Combine(options.ScratchRoot, $"{program}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (_keep)
            return;
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
