using System.Collections.Immutable;
using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Learning.Models;
using nietras.SeparatedValues;

namespace Greenspace.Learning.Datasets;

/// <summary>One measured PBE0/def2-TZVP calculation of data/qm7/qm7_pbe0_costs.csv: which molecule and its CPU seconds.</summary>
/// <param name="Molecule">Zero-based index into <see cref="Qm7Dataset.Molecules"/>.</param>
public sealed record Pbe0CostMeasurement(int Molecule, double CpuSeconds, double WallSeconds);

/// <summary>
/// QM7 as the repository keeps it (data/qm7, see data/README.md): the 7,101 molecules at their PBE0 geometries, four
/// fidelities of atomization energy in kcal/mol (PBE0/def2-TZVP and DFTB from QM7; GFN2-xTB and GFN1-xTB computed
/// by Greenspace, from free atoms at the same level, each with its measured CPU seconds), the measured cost of 20
/// PBE0 calculations, and the five committed test splits of 1,000 molecules. This is the one place in Learning that
/// reads label columns; models get plain arrays.
/// </summary>
/// <remarks>
/// All cheap labels sit at the PBE0 geometries, which flatters Delta and multi-fidelity models next to cheap labels
/// at cheap geometries (<see cref="GeometryNote"/>). QM7's DFTB labels come without costs; GFN1-xTB, a DFTB-like
/// tight-binding method of similar cost, stands in for them (<see cref="DftbCostNote"/>).
/// </remarks>
public sealed class Qm7Dataset
{
    public const int MoleculeCount = 7101;
    public const int SplitCount = 5;
    public const int TestCount = 1000;

    public static readonly Fidelity Pbe0 = new("PBE0/def2-TZVP", EnergyZero.FreeAtoms);
    public static readonly Fidelity Dftb = new("DFTB", EnergyZero.FreeAtoms);
    public static readonly Fidelity Gfn2 = new("GFN2-xTB", EnergyZero.FreeAtoms);
    public static readonly Fidelity Gfn1 = new("GFN1-xTB", EnergyZero.FreeAtoms);
    /// <summary>GFN2-xTB total energies converted to kcal/mol: the same level on another zero.</summary>
    public static readonly Fidelity Gfn2Total = new("GFN2-xTB (total energy)", EnergyZero.SeparatedParticles);

    public const string GeometryNote =
        "QM7's cheap labels (DFTB, GFN2-xTB, GFN1-xTB) sit at the PBE0 geometries, which flatters Delta and multi-fidelity results next to cheap labels at cheap geometries";
    public const string DftbCostNote =
        "QM7's DFTB labels come without costs: a DFTB label is charged the measured CPU time of GFN1-xTB on the same molecule";

    private Qm7Dataset(string directory, ImmutableArray<Molecule> molecules, ImmutableArray<string> names,
        ImmutableArray<double> pbe0, ImmutableArray<double> dftb, XtbColumns gfn2, XtbColumns gfn1,
        ImmutableArray<Pbe0CostMeasurement> pbe0Costs, ImmutableArray<ImmutableArray<int>> testSplits)
    {
        Directory = directory;
        Molecules = molecules;
        Names = names;
        Pbe0KcalPerMol = pbe0;
        DftbKcalPerMol = dftb;
        Gfn2KcalPerMol = gfn2.AtomizationKcalPerMol;
        Gfn2TotalHartree = gfn2.TotalHartree;
        Gfn2CpuSeconds = gfn2.CpuSeconds;
        Gfn1KcalPerMol = gfn1.AtomizationKcalPerMol;
        Gfn1TotalHartree = gfn1.TotalHartree;
        Gfn1CpuSeconds = gfn1.CpuSeconds;
        Pbe0Costs = pbe0Costs;
        TestSplits = testSplits;
    }

    public string Directory { get; }
    public ImmutableArray<Molecule> Molecules { get; }
    /// <summary>QM7's file name of each molecule ("0001.xyz").</summary>
    public ImmutableArray<string> Names { get; }

    /// <summary>PBE0/def2-TZVP atomization energies (QM7's labels).</summary>
    public ImmutableArray<double> Pbe0KcalPerMol { get; }
    /// <summary>DFTB atomization energies (QM7's second column).</summary>
    public ImmutableArray<double> DftbKcalPerMol { get; }
    /// <summary>GFN2-xTB atomization energies, free atoms at GFN2-xTB.</summary>
    public ImmutableArray<double> Gfn2KcalPerMol { get; }
    public ImmutableArray<double> Gfn2TotalHartree { get; }
    /// <summary>Measured CPU seconds of each GFN2-xTB single point.</summary>
    public ImmutableArray<double> Gfn2CpuSeconds { get; }
    /// <summary>GFN1-xTB atomization energies, free atoms at GFN1-xTB.</summary>
    public ImmutableArray<double> Gfn1KcalPerMol { get; }
    public ImmutableArray<double> Gfn1TotalHartree { get; }
    /// <summary>Measured CPU seconds of each GFN1-xTB single point (the stand-in cost of a DFTB label).</summary>
    public ImmutableArray<double> Gfn1CpuSeconds { get; }

    /// <summary>The 20 measured PBE0/def2-TZVP calculations (psi4, one thread).</summary>
    public ImmutableArray<Pbe0CostMeasurement> Pbe0Costs { get; }

    /// <summary>Test split k (k = 1..5) at index k - 1: zero-based molecule indices, ascending.</summary>
    public ImmutableArray<ImmutableArray<int>> TestSplits { get; }

    /// <summary>The labels of one of the QM7 fidelities, in kcal/mol.</summary>
    public ImmutableArray<double> Labels(Fidelity fidelity) =>
        fidelity == Pbe0 ? Pbe0KcalPerMol
        : fidelity == Dftb ? DftbKcalPerMol
        : fidelity == Gfn2 ? Gfn2KcalPerMol
        : fidelity == Gfn1 ? Gfn1KcalPerMol
        : fidelity == Gfn2Total ? [.. Gfn2TotalHartree.Select(e => e * Units.KcalPerMolPerHartree)]
        : throw new LearningInputException($"QM7 has no labels at {fidelity.Name}; it has {Pbe0}, {Dftb}, {Gfn2}, {Gfn1} and {Gfn2Total}");

    /// <summary>The molecules of test split <paramref name="split"/> (1..5), zero-based and ascending.</summary>
    public ImmutableArray<int> TestIndices(int split) => TestSplits[CheckSplit(split) - 1];

    /// <summary>Every molecule outside test split <paramref name="split"/>, ascending: the only ones a model for that split may learn from.</summary>
    public int[] TrainingIndices(int split)
    {
        var test = TestIndices(split).ToHashSet();
        return [.. Enumerable.Range(0, Molecules.Length).Where(i => !test.Contains(i))];
    }

    /// <summary>Reads data/qm7 (the folder holding qm7_pbe0_dftb.xyz, the xtb CSVs, the cost CSV and splits/).</summary>
    /// <exception cref="InvalidDataException">naming the file and line that does not fit the rest.</exception>
    public static Qm7Dataset Load(string directory)
    {
        var xyz = Path.Combine(directory, "qm7_pbe0_dftb.xyz");
        if (!File.Exists(xyz))
            throw new FileNotFoundException($"QM7 is not at {xyz}; give the repository's data/qm7 folder", xyz);
        var molecules = ImmutableArray.CreateBuilder<Molecule>(MoleculeCount);
        var names = ImmutableArray.CreateBuilder<string>(MoleculeCount);
        var pbe0 = ImmutableArray.CreateBuilder<double>(MoleculeCount);
        var dftb = ImmutableArray.CreateBuilder<double>(MoleculeCount);
        using (var reader = new StreamReader(xyz))
            foreach (var record in XyzFormat.Read(reader, "qm7_pbe0_dftb.xyz"))
            {
                molecules.Add(record.Molecule ?? throw new InvalidDataException(record.Error));
                names.Add(record.Molecule.Name ?? throw new InvalidDataException($"{record.Location} has no name= in its comment line"));
                pbe0.Add(Number(record.Info, "E_PBE0_def2TZVP_kcalmol", record.Location));
                dftb.Add(Number(record.Info, "E_DFTB_kcalmol", record.Location));
            }
        if (molecules.Count != MoleculeCount)
            throw new InvalidDataException($"{xyz} holds {molecules.Count} molecules, not QM7's {MoleculeCount}; restore it from the repository");

        var all = molecules.MoveToImmutable();
        var allNames = names.MoveToImmutable();
        var gfn2 = XtbColumns.Read(Path.Combine(directory, "qm7_gfn2xtb.csv"), "gfn2", all, allNames);
        var gfn1 = XtbColumns.Read(Path.Combine(directory, "qm7_gfn1xtb.csv"), "gfn1", all, allNames);
        return new Qm7Dataset(directory, all, allNames, pbe0.MoveToImmutable(), dftb.MoveToImmutable(), gfn2, gfn1,
            ReadPbe0Costs(Path.Combine(directory, "qm7_pbe0_costs.csv"), allNames),
            [.. Enumerable.Range(1, SplitCount).Select(k => ReadSplit(Path.Combine(directory, "splits", $"test_{k}.txt")))]);
    }

    private static int CheckSplit(int split) => split is >= 1 and <= SplitCount ? split
        : throw new LearningInputException($"QM7 has test splits 1 to {SplitCount}, not {split}");

    private static double Number(ImmutableSortedDictionary<string, string> info, string key, string location) =>
        info.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new InvalidDataException($"{location} has no number {key}= in its comment line");

    /// <summary>One xtb CSV's energies and costs, checked row by row against the molecules of the XYZ file.</summary>
    private sealed record XtbColumns(ImmutableArray<double> TotalHartree, ImmutableArray<double> AtomizationKcalPerMol, ImmutableArray<double> CpuSeconds)
    {
        public static XtbColumns Read(string path, string level, ImmutableArray<Molecule> molecules, ImmutableArray<string> names)
        {
            var total = new List<double>(MoleculeCount);
            var atomization = new List<double>(MoleculeCount);
            var cpu = new List<double>(MoleculeCount);
            using var reader = Sep.New(',').Reader(o => o with { Trim = SepTrim.All }).FromFile(path);
            foreach (var row in reader)
            {
                string where = $"{Path.GetFileName(path)} line {row.LineNumberFrom}";
                int i = total.Count;
                if (i >= molecules.Length)
                    throw new InvalidDataException($"{where} is beyond QM7's {MoleculeCount} molecules; restore the file from the repository");
                if (row["index"].ToString() != (i + 1).ToString(CultureInfo.InvariantCulture) || row["name"].ToString() != names[i]
                    || row["formula"].ToString() != molecules[i].Formula)
                    throw new InvalidDataException($"{where} describes {row["name"]} ({row["formula"]}) where molecule {i + 1} of qm7_pbe0_dftb.xyz is {names[i]} ({molecules[i].Formula}); remake the file with data/qm7/make_xtb_labels.py");
                total.Add(Cell(row, $"{level}_total_energy_hartree", where));
                atomization.Add(Cell(row, $"{level}_atomization_energy_kcalmol", where));
                cpu.Add(Cell(row, "cpu_seconds", where));
            }
            if (total.Count != molecules.Length)
                throw new InvalidDataException($"{path} has {total.Count} molecules, not QM7's {MoleculeCount}; remake it with data/qm7/make_xtb_labels.py");
            return new XtbColumns([.. total], [.. atomization], [.. cpu]);
        }
    }

    private static ImmutableArray<Pbe0CostMeasurement> ReadPbe0Costs(string path, ImmutableArray<string> names)
    {
        var costs = ImmutableArray.CreateBuilder<Pbe0CostMeasurement>();
        using var reader = Sep.New(',').Reader(o => o with { Trim = SepTrim.All }).FromFile(path);
        foreach (var row in reader)
        {
            string where = $"{Path.GetFileName(path)} line {row.LineNumberFrom}";
            if (row["status"].ToString() != "done")
                continue;
            if (!int.TryParse(row["index"].ToString(), CultureInfo.InvariantCulture, out int index) || index < 1 || index > names.Length
                || names[index - 1] != row["name"].ToString())
                throw new InvalidDataException($"{where} names {row["name"]} at QM7 index {row["index"]}, which does not match qm7_pbe0_dftb.xyz; remake it with data/qm7/make_pbe0_costs.py");
            costs.Add(new Pbe0CostMeasurement(index - 1, Cell(row, "cpu_seconds", where), Cell(row, "wall_seconds", where)));
        }
        return costs.ToImmutable();
    }

    private static ImmutableArray<int> ReadSplit(string path)
    {
        var indices = File.ReadLines(path).Where(l => l.Trim().Length > 0).Select((line, k) =>
            int.TryParse(line, CultureInfo.InvariantCulture, out int i) && i >= 1 && i <= MoleculeCount ? i - 1
                : throw new InvalidDataException($"{Path.GetFileName(path)} line {k + 1} holds '{line}' where a QM7 index from 1 to {MoleculeCount} belongs; remake it with data/qm7/make_splits.py"))
            .Order().ToImmutableArray();
        if (indices.Length != TestCount || indices.Distinct().Count() != TestCount)
            throw new InvalidDataException($"{path} holds {indices.Length} indices ({indices.Distinct().Count()} distinct), not {TestCount} distinct ones; remake it with data/qm7/make_splits.py");
        return indices;
    }

    private static double Cell(SepReader.Row row, string column, string where) =>
        double.TryParse(row[column].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new InvalidDataException($"{where} has '{row[column]}' in column {column} where a number belongs");
}
