using System.Globalization;
using Greenspace.Engines;

namespace Greenspace.Ledger;

/// <summary>One GPU's reading: its cumulative energy counter and the power figures that bound a modelled band.</summary>
public sealed record GpuReading(int Index, string Name, double? TotalEnergyJoules, double? PowerLimitWatts, double? PowerDrawWatts);

/// <summary>
/// NVIDIA GPUs' energy counters, read through <c>nvidia-smi --query-gpu</c> (the driver's cumulative
/// <c>total_energy_consumption</c>, in millijoules, on Volta and newer) where the program and a GPU
/// are present. A GPU whose counter reads "[N/A]" gives no energy, never a zero. This machine has no
/// GPU: the reader returns nothing, and the ledger models (or leaves out) GPU energy and says so.
/// </summary>
public sealed class GpuEnergyCounters(EngineEnvironment environment)
{
    private static readonly string[] Query = ["--query-gpu=index,name,total_energy_consumption,power.limit,power.draw", "--format=csv,noheader,nounits"];

    /// <summary>The GPUs and their counters now; empty without nvidia-smi or without a GPU.</summary>
    public async Task<IReadOnlyList<GpuReading>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var smi = environment.Locate("nvidia-smi");
        if (smi is null)
            return [];
        var dir = Directory.CreateTempSubdirectory("greenspace-gpu-");
        try
        {
            var outcome = await ProcessRunner.RunAsync(new ProcessSpec(smi, Query, dir.FullName, TimeSpan.FromSeconds(20))
            {
                Environment = new Dictionary<string, string?> { ["PATH"] = environment.SearchPath },
            }, cancellationToken);
            return outcome.ExitedNormally ? Parse(outcome.StandardOutput) : [];
        }
        finally
        {
            try { dir.Delete(true); } catch (IOException) { }
        }
    }

    /// <summary>Parses nvidia-smi's CSV (no header, no units); "[N/A]" and "[Not Supported]" become null.</summary>
    public static IReadOnlyList<GpuReading> Parse(string csv)
    {
        static double? Number(string s) =>
            double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : null;
        var readings = new List<GpuReading>();
        foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var f = line.Split(',');
            if (f.Length < 5 || !int.TryParse(f[0].Trim(), CultureInfo.InvariantCulture, out var index))
                continue;
            readings.Add(new GpuReading(index, f[1].Trim(), Number(f[2]) / 1000, Number(f[3]), Number(f[4])));
        }
        return readings;
    }

    /// <summary>Energy of all GPUs between two readings, in joules; null when any GPU's counter was unreadable (never a silent zero).</summary>
    public static double? EnergyJoules(IReadOnlyList<GpuReading> before, IReadOnlyList<GpuReading> after)
    {
        if (before.Count == 0)
            return null;
        double total = 0;
        foreach (var b in before)
        {
            var a = after.FirstOrDefault(x => x.Index == b.Index);
            if (a?.TotalEnergyJoules is not { } end || b.TotalEnergyJoules is not { } start)
                return null;
            total += end - start;
        }
        return total;
    }
}
