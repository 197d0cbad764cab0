using System.Collections.Immutable;
using Greenspace.Chemistry;
using Greenspace.Execution;
using Greenspace.Learning.Datasets;

namespace Greenspace.Campaigns;

/// <summary>One molecule a campaign may label: its index in the library (stable between runs), name and geometry.</summary>
public sealed record LibraryMolecule(int Index, string Name, string? Smiles, Molecule Molecule)
{
    public string Formula => Molecule.Formula;
}

/// <summary>
/// The molecules of a campaign: every record of the library file (or bundled set) in order, the valid ones as
/// <see cref="Molecules"/> and the others in <see cref="Refused"/> with the reason for each.
/// </summary>
public sealed class CampaignLibrary
{
    private CampaignLibrary(ImmutableArray<LibraryMolecule> molecules, ImmutableArray<(string Molecule, string Reason)> refused, int records, Qm7Dataset? qm7)
    {
        Molecules = molecules;
        Refused = refused;
        RecordCount = records;
        Qm7 = qm7;
    }

    /// <summary>The valid molecules, in library order; <see cref="LibraryMolecule.Index"/> is the record's position in the library.</summary>
    public ImmutableArray<LibraryMolecule> Molecules { get; }

    public ImmutableArray<(string Molecule, string Reason)> Refused { get; }

    /// <summary>Records in the library, valid or not.</summary>
    public int RecordCount { get; }

    /// <summary>The QM7 data set when the library is bundled QM7 (its record i is QM7's molecule i), for the replay oracle and the scorer.</summary>
    public Qm7Dataset? Qm7 { get; }

    /// <summary>Reads the library of <paramref name="spec"/>; SMILES are embedded in 3D through <paramref name="inputs"/> (from the store where it has them).</summary>
    /// <exception cref="CampaignInputException">when the library file cannot be read or holds no valid molecule.</exception>
    public static async Task<CampaignLibrary> LoadAsync(CampaignSpec spec, MoleculeInputs inputs, IEmbeddingProgress? embedding = null, CancellationToken cancellationToken = default)
    {
        var library = spec.Library;
        Qm7Dataset? qm7 = null;
        IReadOnlyList<InputMolecule> records;
        string source;
        try
        {
            if (library.Bundled == "qm7")
            {
                source = "bundled qm7";
                qm7 = Qm7Dataset.Load(BundledData.PathOf("qm7"));
                records = [.. qm7.Molecules.Select((m, i) => new InputMolecule(i, $"qm7 molecule {i}", m.WithName(qm7.Names[i]), null))];
            }
            else
            {
                string path = library.Bundled == "qm9-subset"
                    ? BundledData.PathOf("qm9-subset", "qm9_subset_chemprop_mol_multitask.csv")
                    : Path.GetFullPath(Path.Combine(spec.BaseDirectory, library.Path!));
                source = path;
                records = await inputs.ReadAsync(path, embedding, cancellationToken);
            }
        }
        catch (Exception e) when (e is InputFileException or FileNotFoundException or IOException)
        {
            throw new CampaignInputException($"campaign '{spec.Name}': its library could not be read: {e.Message}");
        }

        var valid = ImmutableArray.CreateBuilder<LibraryMolecule>();
        var refused = ImmutableArray.CreateBuilder<(string, string)>();
        for (int i = 0; i < records.Count; i++)
        {
            var record = records[i];
            string name = record.Molecule?.Name is { Length: > 0 } n ? n : record.Smiles ?? record.Location;
            if (record.Molecule is null)
            {
                refused.Add((record.Label, record.Error ?? "no molecule"));
                continue;
            }
            if (Problem(library, record.Molecule) is { } problem)
            {
                refused.Add((name, problem));
                continue;
            }
            if (library.Limit is { } limit && valid.Count >= limit)
                break;
            valid.Add(new LibraryMolecule(i, name, record.CanonicalSmiles ?? record.Smiles, record.Molecule));
        }
        if (library.MinIsomers is { } fewest)
        {
            var small = valid.GroupBy(m => m.Formula).Where(g => g.Count() < fewest).SelectMany(g => g).ToHashSet();
            foreach (var m in small)
                refused.Add((m.Name, $"its formula {m.Formula} has fewer than the campaign's min_isomers of {fewest} isomers in the library"));
            valid.RemoveAll(small.Contains);
        }
        if (valid.Count == 0)
            throw new CampaignInputException($"campaign '{spec.Name}': its library ({source}) holds no valid molecule ({records.Count} records, {refused.Count} refused"
                + (refused.Count > 0 ? $", the first because {refused[0].Item2}" : "") + "); give a library with molecules the spec's elements, charges and size allow");
        return new CampaignLibrary(valid.ToImmutable(), refused.ToImmutable(), records.Count, qm7);
    }

    private static string? Problem(LibrarySpec library, Molecule molecule)
    {
        if (!library.Elements.IsDefaultOrEmpty)
        {
            var outside = molecule.Symbols.Distinct().Where(s => !library.Elements.Contains(s, StringComparer.OrdinalIgnoreCase)).ToList();
            if (outside.Count > 0)
                return $"it contains {string.Join(", ", outside)}, which the campaign's elements ({string.Join(" ", library.Elements)}) leave out";
        }
        if (!library.Charges.IsDefaultOrEmpty && !library.Charges.Contains(molecule.Charge))
            return $"its total charge is {molecule.Charge:+0;-0;0}, and the campaign takes charges {string.Join(", ", library.Charges)} only";
        if (library.MaxAtoms is { } max && molecule.AtomCount > max)
            return $"it has {molecule.AtomCount} atoms, more than the campaign's max_atoms of {max}";
        return null;
    }
}

/// <summary>A campaign cannot start or go on because of its input (library, labels); the message is one sentence saying what to do.</summary>
public sealed class CampaignInputException(string message) : Exception(message);
