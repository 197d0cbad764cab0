using System.Globalization;

namespace Greenspace.Execution.Slurm;

/// <summary>How a result names the Slurm job that computed it (<see cref="Records.Provenance.Job"/>, the store's results.job): "slurm 1234".</summary>
public static class SlurmJobTag
{
    public static string Of(string jobId) => "slurm " + jobId;

    public static string Of(long jobId) => Of(jobId.ToString(CultureInfo.InvariantCulture));
}
