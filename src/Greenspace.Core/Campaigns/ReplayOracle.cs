using Greenspace.Learning.Datasets;
using Greenspace.Ledger;

namespace Greenspace.Campaigns;

/// <summary>
/// Labels a data set already holds, released one molecule at a time as if computed, and charged what computing them
/// would have cost by the measured cost model (for benchmarks: QM7's PBE0/def2-TZVP and DFTB columns). With the scorer,
/// this is the only code that reads the data set's label columns. Every release is counted, so a benchmark can check
/// that what was released equals what the ledger charged.
/// </summary>
public sealed class ReplayOracle
{
    public const string Note =
        "replayed labels: looked up in QM7 and charged the measured cost model of the calculation; they sit at QM7's PBE0 geometries, and the optimisation that made those geometries is not charged";

    private readonly Qm7Dataset _qm7;
    private readonly LabelCostModel _pbe0Cost;
    private int _released;

    public ReplayOracle(Qm7Dataset qm7)
    {
        _qm7 = qm7;
        _pbe0Cost = LabelCostModel.Fit(Qm7Dataset.Pbe0.Name,
            [.. qm7.Pbe0Costs.Select(c => ((double)LabelCostModel.Def2TzvpBasisFunctions(qm7.Molecules[c.Molecule]), c.CpuSeconds))]);
    }

    /// <summary>Labels released so far by this oracle.</summary>
    public int Released => _released;

    public string CostModel => _pbe0Cost.Describe();

    /// <summary>What computing <paramref name="source"/> ("qm7:pbe0" or "qm7:dftb") at QM7 molecule <paramref name="molecule"/> is expected to cost, in CPU seconds.</summary>
    public double PredictedCpuSeconds(string source, int molecule) => source switch
    {
        "qm7:pbe0" => _pbe0Cost.CpuSeconds(LabelCostModel.Def2TzvpBasisFunctions(_qm7.Molecules[molecule])),
        // QM7's DFTB labels come without costs: charged GFN1-xTB's measured CPU time on the same molecule.
        "qm7:dftb" => _qm7.Gfn1CpuSeconds[molecule],
        _ => throw new CampaignInputException($"'{source}' is not a replay source Greenspace knows; use qm7:pbe0 or qm7:dftb"),
    };

    /// <summary>Releases the label (kcal/mol, atomization energy) and the CPU seconds to charge for it.</summary>
    public (double KcalPerMol, double CpuSeconds) Release(string source, int molecule)
    {
        double cpu = PredictedCpuSeconds(source, molecule);
        double value = source == "qm7:pbe0" ? _qm7.Pbe0KcalPerMol[molecule] : _qm7.DftbKcalPerMol[molecule];
        Interlocked.Increment(ref _released);
        return (value, cpu);
    }
}
