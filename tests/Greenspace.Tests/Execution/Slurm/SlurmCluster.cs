using System.Diagnostics;
using Greenspace.Execution.Slurm;
using Greenspace.Tests.Support;

namespace Greenspace.Tests.Execution.Slurm;

/// <summary>
/// A real single-node Slurm cluster for the tests: the one whose directory is in GREENSPACE_SLURM_DIR (run.sh
/// starts it), else one this fixture starts in a temporary directory with tools/slurm/cluster.sh and stops
/// when the collection is done.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    public const string DirectoryVariable = "GREENSPACE_SLURM_DIR";

    /// <summary>The cluster's directory (state, logs, DIR/env).</summary>
    public string Directory { get; }

    public string SlurmConf { get; }

    /// <summary>The one node's name in slurm.conf.</summary>
    public string Node => "localhost";

    private readonly bool _ownCluster;

    public SlurmCluster()
    {
        var given = Environment.GetEnvironmentVariable(DirectoryVariable);
        _ownCluster = string.IsNullOrEmpty(given);
        Directory = _ownCluster ? TestData.NewTempDirectory("gs-slurm-") : given!;
        if (_ownCluster)
            RunClusterScript("start");
        SlurmConf = ReadSlurmConf(Path.Combine(Directory, "env"));
    }

    public SlurmClient Client() => new(SlurmConf);

    public void Dispose()
    {
        if (!_ownCluster)
            return;
        RunClusterScript("stop");
        // MariaDB's data directory alone is over 100 MB.
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private void RunClusterScript(string action)
    {
        var psi = new ProcessStartInfo(Path.Combine(TestData.RepositoryRoot, "tools", "slurm", "cluster.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(action);
        psi.ArgumentList.Add(Directory);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"tools/slurm/cluster.sh {action} {Directory} did not finish within 2 minutes");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"tools/slurm/cluster.sh {action} {Directory} failed with code {process.ExitCode}: {stderr.Result}{stdout.Result}");
    }

    // DIR/env is shell ("export SLURM_CONF=/path"); only that line is needed here.
    private static string ReadSlurmConf(string envFile)
    {
        const string prefix = "export SLURM_CONF=";
        var line = File.Exists(envFile) ? File.ReadLines(envFile).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) : null;
        return line?[prefix.Length..].Trim().Trim('\'', '"')
            ?? throw new InvalidOperationException($"{envFile} does not set SLURM_CONF; start the cluster with tools/slurm/cluster.sh start DIR");
    }
}

/// <summary>
/// Every test on the shared cluster runs in this collection, one at a time: some set the node DOWN, which
/// would fail another test's jobs.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SlurmClusterCollection : ICollectionFixture<SlurmCluster>
{
    public const string Name = "Slurm cluster";
}
