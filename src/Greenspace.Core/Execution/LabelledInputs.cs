using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Learning.Persistence;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Execution;

/// <summary>One record of a training input: a labelled molecule, or the sentence saying why it is not one.</summary>
/// <param name="Index">Zero-based position among the input's records (a test split file counts from 1).</param>
/// <param name="ResultId">The stored result the label came from, for labels from the store.</param>
public sealed record LabelledRecord(int Index, string Location, LabelledMolecule? Labelled, string? Error, long? ResultId = null);

/// <summary>The records of a training input and what their label is.</summary>
public sealed record LabelledInput(IReadOnlyList<LabelledRecord> Records, LabelInfo Label);

/// <summary>
/// Labelled molecules for training: from a molecule file whose records carry the label as a key=value pair (the
/// comment line of XYZ and extended XYZ, a data field of SDF), or from successful results in the store (the label is
/// the stored energy, with its unit and zero). Molecules are identified by Greenspace's canonical molecule hash.
/// </summary>
public static class LabelledInputs
{
    /// <exception cref="InputFileException">when the file cannot be read, or no record carries the label at all.</exception>
    public static LabelledInput FromFile(string path, string labelKey, string unit, string? zero, string? fidelity)
    {
        if (!File.Exists(path))
            throw new InputFileException($"the input file {path} does not exist; give an XYZ, extended XYZ or SDF file with the label on each record");
        List<MoleculeRecord> records;
        try
        {
            if (MoleculeFile.DetectFormat(path) == MoleculeFormat.Smiles)
                throw new InputFileException($"{path} holds SMILES, which carry no geometry to learn from; give an XYZ, extended XYZ or SDF file");
            records = [.. MoleculeFile.Read(path)];
        }
        catch (Exception e) when (e is IOException or NotSupportedException)
        {
            throw new InputFileException(e.Message);
        }
        if (records.Count == 0)
            throw new InputFileException($"the input file {path} holds no molecules");
        if (!records.Exists(r => r.Info.ContainsKey(labelKey)))
            throw new InputFileException($"no record of {path} has the label '{labelKey}'; its first record has {(records[0].Info.Count == 0 ? "no key=value pairs" : "the keys " + string.Join(", ", records[0].Info.Keys))}; choose one with --label");

        var labelled = records.Select(r =>
        {
            if (r.Molecule is null)
                return new LabelledRecord(r.Index, r.Location, null, r.Error);
            if (!r.Info.TryGetValue(labelKey, out var text))
                return new LabelledRecord(r.Index, r.Location, null, $"{r.Location} has no label {labelKey}; add {labelKey}=VALUE to the record or leave it out");
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                return new LabelledRecord(r.Index, r.Location, null, $"{r.Location} has {labelKey}={text}, which is no number; correct the label or leave the record out");
            return new LabelledRecord(r.Index, r.Location, new LabelledMolecule(r.Molecule, value, RequestIdentity.MoleculeHash(r.Molecule), r.Location), null);
        }).ToList();
        var label = new LabelInfo(labelKey, unit, zero ?? "not stated (the labels' own zero, as the file gives them)", fidelity, $"{Path.GetFileName(path)} (key {labelKey})");
        return new LabelledInput(labelled, label);
    }

    /// <summary>
    /// Successful energy (or gradient) results of one program and method in the store, one per molecule: the label is the
    /// stored energy in its unit (Hartree for a total electronic energy, kcal/mol for a heat of formation).
    /// </summary>
    /// <param name="keywords">Only results whose keywords include all of these (after the program's defaults were filled in).</param>
    /// <exception cref="InputFileException">when the store has no such results, or results at more than one set of keywords or kind of energy.</exception>
    public static LabelledInput FromStore(ResultStore store, string program, string method, string? basis, IReadOnlyDictionary<string, string> keywords)
    {
        string level = basis is null ? $"{program} {method}" : $"{program} {method}/{basis}";
        var results = store.LabelledResults(program, method, basis)
            .Where(c => keywords.All(k => c.Keywords.TryGetValue(k.Key, out var v) && v == k.Value))
            .ToList();
        if (results.Count == 0)
            throw new InputFileException($"the store {store.Path} has no successful {level} energies{(keywords.Count > 0 ? " with those keywords" : "")}; compute some with greenspace compute first");
        var keywordSets = results.Select(c => string.Join(", ", c.Keywords.Select(k => $"{k.Key}={k.Value}"))).Distinct().ToList();
        if (keywordSets.Count > 1)
            throw new InputFileException($"the store holds {level} energies at {keywordSets.Count} sets of keywords ({string.Join("; ", keywordSets.Take(3).Select(k => "{" + k + "}"))}); choose one with --keyword KEY=VALUE");
        var kinds = results.Select(c => c.Result.Properties!.EnergyKind).Distinct().ToList();
        if (kinds.Count > 1)
            throw new InputFileException($"the store's {level} results hold {string.Join(" and ", kinds.Select(k => k.ToWire()))} energies, which have different zeros; learn one kind at a time");

        // One label per molecule: the first result stored for it.
        var seen = new HashSet<string>();
        var records = new List<LabelledRecord>();
        foreach (var c in results)
        {
            if (!seen.Add(c.MoleculeHash))
                continue;
            string location = $"store result {c.ResultId} ({c.Molecule.Formula})";
            records.Add(new LabelledRecord(records.Count, location,
                new LabelledMolecule(c.Molecule, c.Result.Properties!.Energy, c.MoleculeHash, location), null, c.ResultId));
        }
        var kind = kinds[0];
        var versions = results.Select(c => RequestIdentity.MajorMinor(c.Result.Provenance.ProgramVersion)).Distinct();
        var label = new LabelInfo($"{kind.ToWire()} ({level})", kind.Unit(), kind.Zero(), $"{level}, {program} {string.Join("/", versions)}",
            $"the store {Path.GetFileName(store.Path)}: {records.Count} {level} results computed by Greenspace");
        return new LabelledInput(records, label);
    }
}
