namespace Greenspace.Tests.Support;

/// <summary>Processes still alive, read from /proc: for tests that check a stopped program left nothing behind.</summary>
public static class LiveProcesses
{
    /// <summary>Processes whose working directory is at or below <paramref name="root"/>.</summary>
    public static List<int> WorkingUnder(string root)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
                continue;
            try
            {
                if (new FileInfo(Path.Combine(dir, "cwd")).LinkTarget is { } cwd && cwd.StartsWith(root, StringComparison.Ordinal))
                    found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
