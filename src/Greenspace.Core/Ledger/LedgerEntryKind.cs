namespace Greenspace.Ledger;

/// <summary>What a ledger entry charges for.</summary>
public enum LedgerEntryKind
{
    /// <summary>One engine run.</summary>
    Calculation,

    /// <summary>One Open Babel batch turning SMILES into 3D structures.</summary>
    Smiles,

    /// <summary>The greenspace process itself: start-up, JIT, SQLite, parsing, ML.</summary>
    Orchestrator,

    /// <summary>Training a model.</summary>
    Training,

    /// <summary>Predicting with a model.</summary>
    Prediction,
}

public static class LedgerEntryKinds
{
    public static string ToWire(this LedgerEntryKind kind) => kind.ToString().ToLowerInvariant();

    public static string ToWire(this EnergyMethod method) => method switch
    {
        EnergyMethod.MeasuredRapl => "measured-rapl",
        EnergyMethod.MeasuredGpuCounter => "measured-gpu-counter",
        EnergyMethod.CpuTimeTimesModel => "cpu-time-x-model",
        EnergyMethod.Declared => "declared",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
