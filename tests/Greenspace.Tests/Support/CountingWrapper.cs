namespace Greenspace.Tests.Support;

/// <summary>
/// A directory with a wrapper script named like a real program, put first on PATH: it appends one
/// line to a log for every start and then runs the real program with the same arguments. It counts
/// engine runs independently of Greenspace's own store, and every number still comes from the real program.
/// </summary>
public sealed class CountingWrapper
{
    public string Directory { get; }
    public string LogPath { get; }

    public CountingWrapper(string program, string realPath)
    {
        Directory = TestData.NewTempDirectory("gs-wrap-");
        LogPath = Path.Combine(Directory, $"{program}.starts");
        var script = Path.Combine(Directory, program);
        File.WriteAllText(script, $"#!/bin/sh\necho \"$$ $*\" >> '{LogPath}'\nexec '{realPath}' \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>PATH with the wrapper first.</summary>
    public string SearchPath => $"{Directory}:{Environment.GetEnvironmentVariable("PATH")}";

    /// <summary>Starts logged so far; a version query counts like any other start.</summary>
    public IReadOnlyList<string> Starts => File.Exists(LogPath) ? File.ReadAllLines(LogPath) : [];
}
