using System.Collections.Immutable;

namespace Greenspace.Chemistry;

/// <summary>
/// What one extended XYZ frame holds: a molecule, key/value data for the comment line, and per-atom
/// columns (one row per atom, every row of a column the same width). Note what ASE 3.22 does on reading:
/// a bare <c>energy</c> (and <c>free_energy</c>, <c>stress</c>, <c>dipole</c>, <c>magmom</c>) key and a
/// per-atom <c>forces</c> (<c>energies</c>, <c>magmoms</c>, ...) column also become the results of a
/// calculator, which ASE takes to be in eV and eV/angstrom; a <c>charge</c> column becomes the initial
/// charges. Values in other units go under a name that says so (<c>energy_hartree</c>).
/// </summary>
public sealed record ExtXyzFrame(Molecule Molecule)
{
    /// <summary>Comment-line data, written as given (quoted when it holds spaces); ASE reads numbers, T/F and space-separated arrays back as such.</summary>
    public ImmutableSortedDictionary<string, string> Info { get; init; } = ImmutableSortedDictionary<string, string>.Empty;

    /// <summary>Per-atom real columns beyond species and positions.</summary>
    public ImmutableSortedDictionary<string, ImmutableArray<double[]>> AtomColumns { get; init; } = ImmutableSortedDictionary<string, ImmutableArray<double[]>>.Empty;

    /// <summary>The frame that writes a record read from a file back with all its data.</summary>
    public static ExtXyzFrame FromRecord(MoleculeRecord record) =>
        new(record.Molecule ?? throw new ArgumentException($"{record.Location} is not a valid molecule and cannot be written: {record.Error}", nameof(record)))
        {
            Info = record.Info,
            AtomColumns = record.AtomColumns,
        };
}
