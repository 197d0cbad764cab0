using System.Globalization;

namespace Greenspace.Engines;

/// <summary>
/// A cgroup (v2) of its own for one program run: its <c>cpu.stat</c> counts the CPU time of every
/// process the run starts, to the microsecond, whether or not a parent waits for it; and
/// <c>cgroup.kill</c> stops them all at once. Available where a cgroup v2 hierarchy is mounted and
/// writable (root here: /sys/fs/cgroup/unified in this machine's hybrid layout); elsewhere the runner
/// falls back to GNU time's rusage, and the meter says so.
/// </summary>
/// <remarks>
/// GNU time's rusage alone is exact only to 10 ms (it prints hundredths, truncated), which is a third
/// of a GFN2-xTB call. A cgroup has no such limit, but moving a process into it after it has started
/// races with the children it forks. The runner therefore starts <c>flock LOCK time PROGRAM...</c>
/// while holding LOCK: flock waits for the lock, is moved into the cgroup, and only then, when the lock
/// is released, forks the rest, which inherit the cgroup. No shell, and nothing escapes the count.
/// </remarks>
public sealed class CgroupScope : IDisposable
{
    private static readonly Lazy<string?> Parent = new(FindParent);

    public string Path { get; }

    private CgroupScope(string path) => Path = path;

    /// <summary>Whether runs can be measured by cgroups here.</summary>
    public static bool Available => Parent.Value is not null && File.Exists(FlockPath);

    public const string FlockPath = "/usr/bin/flock";

    /// <summary>A new, empty cgroup for one run, or null where cgroups cannot be used.</summary>
    public static CgroupScope? TryCreate()
    {
        if (!Available)
            return null;
        var path = System.IO.Path.Combine(Parent.Value!, Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(path);
            return new CgroupScope(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Moves a process (and the children it forks afterwards) into this cgroup.</summary>
    public bool TryAdopt(int pid)
    {
        try
        {
            File.WriteAllText(System.IO.Path.Combine(Path, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>CPU seconds (user + system) of everything that ran in this cgroup.</summary>
    public double CpuSeconds()
    {
        foreach (var line in File.ReadLines(System.IO.Path.Combine(Path, "cpu.stat")))
            if (line.StartsWith("usage_usec ", StringComparison.Ordinal))
                return long.Parse(line.AsSpan(11), CultureInfo.InvariantCulture) / 1e6;
        throw new InvalidOperationException($"{Path}/cpu.stat has no usage_usec");
    }

    /// <summary>Kills every process in the cgroup (cgroup.kill, Linux 5.14+), for a run that is stopped.</summary>
    public void KillAll()
    {
        try { File.WriteAllText(System.IO.Path.Combine(Path, "cgroup.kill"), "1"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    public void Dispose()
    {
        // rmdir fails while a process is still exiting; it is empty within milliseconds.
        for (int attempt = 0; attempt < 50; attempt++)
        {
            try
            {
                Directory.Delete(Path);
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(10);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    // A cgroup for this process's runs, nested under the cgroup this process is in: a scheduler's job
    // cgroup (Slurm's, systemd's) then still contains, limits and accounts every calculation.
    private static string? FindParent()
    {
        try
        {
            var mount = File.ReadLines("/proc/mounts")
                .Select(l => l.Split(' '))
                .FirstOrDefault(f => f.Length > 2 && f[2] == "cgroup2")?[1];
            var own = File.ReadLines("/proc/self/cgroup").FirstOrDefault(l => l.StartsWith("0::", StringComparison.Ordinal))?[3..];
            if (mount is null || own is null)
                return null;
            var parent = System.IO.Path.Combine(mount + own.TrimEnd('/'), $"greenspace-{Environment.ProcessId}");
            Directory.CreateDirectory(parent);
            if (!File.Exists(System.IO.Path.Combine(parent, "cpu.stat")))
            {
                Directory.Delete(parent);
                return null;
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(parent); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            return parent;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
