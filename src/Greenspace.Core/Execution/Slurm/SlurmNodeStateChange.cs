namespace Greenspace.Execution.Slurm;

/// <summary>What <c>scontrol update NodeName=... State=...</c> may do to a node.</summary>
public enum SlurmNodeStateChange
{
    /// <summary>Take the node out now; its jobs are requeued or end NODE_FAIL.</summary>
    Down,

    /// <summary>Let running jobs finish, start no new ones.</summary>
    Drain,

    /// <summary>Return a DOWN or DRAINED node to service.</summary>
    Resume,
}
