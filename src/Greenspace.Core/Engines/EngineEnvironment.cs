namespace Greenspace.Engines;

/// <summary>
/// Where engines look for their programs. Defaults to this process's PATH; tests pass another PATH
/// to provoke a missing program, or to put a stand-in executable first.
/// </summary>
public sealed record EngineEnvironment(string SearchPath)
{
    /// <summary>Where versions read from programs are remembered; none means every probe runs the program.</summary>
    public IProgramVersionCache? VersionCache { get; init; }

    /// <summary>The version of <paramref name="executablePath"/>: remembered if its file is unchanged, else read with <paramref name="read"/> and remembered.</summary>
    public string? CachedVersion(string executablePath, Func<string?> read)
    {
        var info = new FileInfo(executablePath);
        var cached = VersionCache?.Find(info.FullName, info.Length, info.LastWriteTimeUtc);
        if (cached is not null)
            return cached;
        var version = read();
        if (version is not null)
            VersionCache?.Remember(info.FullName, info.Length, info.LastWriteTimeUtc, version);
        return version;
    }

    public static EngineEnvironment Current => new(Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin");

    /// <summary>The full path of <paramref name="program"/> on <see cref="SearchPath"/>, or null.</summary>
    public string? Locate(string program)
    {
        if (program.Contains('/'))
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        foreach (var dir in SearchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
                return candidate;
        }
        return null;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
