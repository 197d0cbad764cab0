namespace Greenspace.Ledger;

/// <summary>How a ledger entry's energy was obtained. There is no "unknown": an unreadable counter falls back to a model, and says so.</summary>
public enum EnergyMethod
{
    /// <summary>CPU package energy from RAPL (powercap), attributed by CPU-time share; on AMD the counter is itself modelled by the chip. Memory stays modelled.</summary>
    MeasuredRapl,
    /// <summary>GPU energy from the driver's counter.</summary>
    MeasuredGpuCounter,
    /// <summary>CPU seconds of the process tree x TDP per core (Green Algorithms), memory from its share of the machine.</summary>
    CpuTimeTimesModel,
    /// <summary>A job described by the user (cores, runtime, hardware), computed as the Green Algorithms calculator does.</summary>
    Declared,
}
