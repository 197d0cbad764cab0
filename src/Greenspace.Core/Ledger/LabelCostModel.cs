using Greenspace.Chemistry;

namespace Greenspace.Ledger;

/// <summary>
/// What one label at a fidelity costs, in CPU seconds, predicted from the molecule's size: a power law
/// cpu = a x n^b in the number of basis functions n, fitted by least squares in log-log space to
/// measured calculations (for PBE0/def2-TZVP: data/qm7/qm7_pbe0_costs.csv, 20 QM7 molecules with psi4
/// 1.3.2 on one thread). Measured, not guessed: the fit keeps its points and says how far it misses them.
/// </summary>
public sealed class LabelCostModel
{
    /// <summary>Spherical basis functions per atom of def2-TZVP (Weigend and Ahlrichs 2005): H [3s1p], C-F [5s3p2d1f], P-Cl [5s5p2d1f].</summary>
    private static readonly Dictionary<int, int> Def2TzvpFunctions = new()
    {
        [1] = 6, [6] = 31, [7] = 31, [8] = 31, [9] = 31, [15] = 37, [16] = 37, [17] = 37,
    };

    public string Fidelity { get; }
    public double Prefactor { get; }
    public double Exponent { get; }

    /// <summary>Root-mean-square relative error of the fit on its own points, and of each point left out in turn.</summary>
    public double RelativeRmsError { get; }
    public double LeaveOneOutRelativeRmsError { get; }
    public int Points { get; }

    private LabelCostModel(string fidelity, double prefactor, double exponent, double rms, double loo, int points)
    {
        Fidelity = fidelity;
        Prefactor = prefactor;
        Exponent = exponent;
        RelativeRmsError = rms;
        LeaveOneOutRelativeRmsError = loo;
        Points = points;
    }

    /// <summary>The number of def2-TZVP basis functions of a molecule.</summary>
    /// <exception cref="ArgumentException">for an element the table does not hold.</exception>
    public static int Def2TzvpBasisFunctions(Molecule molecule) =>
        molecule.AtomicNumbers.Sum(z => Def2TzvpFunctions.TryGetValue(z, out var n) ? n
            : throw new ArgumentException($"the cost model knows def2-TZVP's size for H, C-F and P-Cl only, not {Elements.Symbol(z)}; measure calculations with it and refit"));

    /// <summary>Fits cpu = a n^b to (size, CPU seconds) measurements.</summary>
    public static LabelCostModel Fit(string fidelity, IReadOnlyList<(double Size, double CpuSeconds)> measured)
    {
        if (measured.Count < 3)
            throw new ArgumentException($"a cost model for {fidelity} needs at least 3 measured calculations, not {measured.Count}");
        if (measured.Any(m => m.Size <= 0 || m.CpuSeconds <= 0))
            throw new ArgumentException($"every measured calculation for {fidelity} must have a positive size and CPU time");
        var (a, b) = LogLogLine(measured);
        double Rel(double a0, double b0, (double Size, double Cpu) m) => a0 * Math.Pow(m.Size, b0) / m.Cpu - 1;
        double rms = Math.Sqrt(measured.Average(m => Math.Pow(Rel(a, b, m), 2)));
        double loo = Math.Sqrt(measured.Select((m, i) =>
        {
            var (ai, bi) = LogLogLine([.. measured.Where((_, j) => j != i)]);
            return Math.Pow(Rel(ai, bi, m), 2);
        }).Average());
        return new LabelCostModel(fidelity, a, b, rms, loo, measured.Count);
    }

    /// <summary>Predicted CPU seconds of one label of size <paramref name="size"/> (basis functions).</summary>
    public double CpuSeconds(double size) => Prefactor * Math.Pow(size, Exponent);

    public string Describe() =>
        $"{Fidelity}: cpu = {Prefactor:G3} x n^{Exponent:F2} CPU s (n = basis functions), fitted to {Points} measured calculations; " +
        $"relative RMS error {RelativeRmsError:P0} ({LeaveOneOutRelativeRmsError:P0} leaving each one out)";

    private static (double A, double B) LogLogLine(IReadOnlyList<(double Size, double CpuSeconds)> points)
    {
        double n = points.Count;
        double sx = points.Sum(p => Math.Log(p.Size)), sy = points.Sum(p => Math.Log(p.CpuSeconds));
        double sxx = points.Sum(p => Math.Log(p.Size) * Math.Log(p.Size)), sxy = points.Sum(p => Math.Log(p.Size) * Math.Log(p.CpuSeconds));
        double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        return (Math.Exp((sy - b * sx) / n), b);
    }
}
