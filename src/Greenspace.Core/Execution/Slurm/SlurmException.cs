namespace Greenspace.Execution.Slurm;

/// <summary>A Slurm command was missing, failed or did not answer; the message is one sentence saying which and what to do.</summary>
public sealed class SlurmException(string message) : Exception(message);
