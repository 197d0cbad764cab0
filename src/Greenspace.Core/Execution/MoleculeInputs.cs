using System.Collections.Concurrent;
using Greenspace.Chemistry;
using Greenspace.Chemistry.Smiles;
using Greenspace.Engines;
using Greenspace.Engines.OpenBabel;
using Greenspace.Records;
using Greenspace.Store;

namespace Greenspace.Execution;

/// <summary>
/// Turns an input file into molecules: XYZ, extended XYZ and SDF are read directly; SMILES go through
/// Open Babel, and SMILES to 3D is itself a stored request: keyed by canonical SMILES, Open Babel's
/// major.minor version and the embedding options, the first geometry stored is the one every later
/// run reuses (Open Babel 3.1.1's embedding is not deterministic and takes no seed). A SMILES seen
/// before exactly as written needs no Open Babel run at all.
/// </summary>
public sealed class MoleculeInputs(ResultStore store, EngineEnvironment environment, string scratchRoot, int jobs)
{
    /// <summary>Try again SMILES that could not be made 3D before; by default their stored reason is reported.</summary>
    public bool RetryFailed { get; init; }

    private readonly List<ComputeCost> _costs = [];

    /// <summary>
    /// What the Open Babel processes run for the inputs since the last call cost (identification and 3D embedding),
    /// for the ledger; each cost is handed out once, so a reader used for several files is never charged twice.
    /// </summary>
    public IReadOnlyList<ComputeCost> TakeCosts()
    {
        lock (_costs)
        {
            var taken = _costs.ToList();
            _costs.Clear();
            return taken;
        }
    }

    /// <summary>Reads every record of <paramref name="path"/>; bad records come back with their reason, never as an exception.</summary>
    /// <exception cref="InputFileException">when the file cannot be read at all.</exception>
    /// <param name="embedding">Told how many SMILES need a new 3D structure, then how many each finished batch settled.</param>
    public async Task<IReadOnlyList<InputMolecule>> ReadAsync(string path, IEmbeddingProgress? embedding = null, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
            throw new InputFileException($"the input file {path} does not exist; give the path of a SMILES, XYZ, extended XYZ or SDF file");
        var format = MoleculeFile.DetectFormat(path);
        if (format == MoleculeFormat.Smiles)
            return await FromSmilesAsync(SmilesFile.Read(path), embedding, cancellationToken);
        try
        {
            return MoleculeFile.Read(path)
                .Select(r => new InputMolecule(r.Index, r.Location, r.Molecule, r.Error))
                .ToList();
        }
        catch (IOException e)
        {
            throw new InputFileException($"the input file {path} could not be read ({e.Message})");
        }
    }

    /// <summary>Molecules for SMILES: from the store where it has them, else embedded in batches by Open Babel and stored.</summary>
    public async Task<IReadOnlyList<InputMolecule>> FromSmilesAsync(IReadOnlyList<SmilesInput> inputs, IEmbeddingProgress? embedding = null, CancellationToken cancellationToken = default)
    {
        var results = new InputMolecule?[inputs.Count];
        var position = inputs.Select((input, i) => (input.Index, i)).ToDictionary(p => p.Index, p => p.i);
        InputMolecule Make(SmilesInput input, Molecule? molecule, string? error, StoredConformer? conformer = null, bool embedded = false) =>
            new(input.Index, input.Location, molecule?.WithName(input.Name ?? input.Smiles), error)
            {
                Smiles = input.Smiles,
                CanonicalSmiles = conformer?.CanonicalSmiles,
                InChIKey = conformer?.InChIKey,
                Note = SmilesBatch.FragmentNote(input.Smiles),
                Embedded = embedded,
            };

        var valid = new List<SmilesInput>();
        foreach (var input in inputs)
        {
            if (SmilesSyntax.Parse(input.Smiles, out var error) is null)
                results[position[input.Index]] = Make(input, null, error + "; fix or remove this line");
            else
                valid.Add(input);
        }
        if (valid.Count == 0)
            return results.Select(r => r!).ToList();

        var batch = new SmilesBatch(environment, scratchRoot, Math.Max(1, jobs))
        {
            OnCost = cost => { lock (_costs) _costs.Add(cost); },
        };
        var probe = batch.Probe();
        if (!probe.Found)
        {
            foreach (var input in valid)
                results[position[input.Index]] = Make(input, null, probe.MissingMessage);
            return results.Select(r => r!).ToList();
        }
        var version = RequestIdentity.MajorMinor(probe.Version!);
        string InputKey(SmilesInput i) => RequestIdentity.Sha256Hex($"smiles-input-v1\n{i.Smiles.Trim()}\n{version}\n{SmilesBatch.EmbeddingOptions}");
        string ConformerKey(string canonical) => RequestIdentity.Sha256Hex($"conformer-v1\n{canonical}\n{version}\n{SmilesBatch.EmbeddingOptions}");

        // 1. SMILES seen before exactly as written: made 3D, or failed (reported again unless retrying).
        var unknown = new List<SmilesInput>();
        foreach (var input in valid)
        {
            var known = store.FindSmilesAlias(InputKey(input)) is { } key ? store.FindConformer(key) : null;
            var failedBefore = known is null && !RetryFailed ? store.FindSmilesFailure(InputKey(input)) : null;
            if (known is not null)
                results[position[input.Index]] = Make(input, known.Molecule, null, known);
            else if (failedBefore is not null)
                results[position[input.Index]] = Make(input, null, failedBefore + " (stored earlier; --retry-failed tries again)");
            else
                unknown.Add(input);
        }

        // 2. Canonical SMILES seen before.
        var failures = new ConcurrentDictionary<int, string>();
        var identities = unknown.Count == 0 ? [] : await batch.IdentifyAsync(unknown, failures, cancellationToken);
        var toEmbed = new List<SmilesInput>();
        foreach (var input in unknown)
        {
            if (!identities.TryGetValue(input.Index, out var identity))
                continue;
            var known = store.FindConformer(ConformerKey(identity.CanonicalSmiles));
            if (known is not null)
            {
                store.SaveSmilesAlias(InputKey(input), known.Key);
                results[position[input.Index]] = Make(input, known.Molecule, null, known);
            }
            else
            {
                toEmbed.Add(input);
            }
        }

        // 3. New: embed, check, store (the first structure stored under a key wins), remember the alias.
        if (toEmbed.Count > 0)
            embedding?.Started(toEmbed.Count);
        var embedded = toEmbed.Count == 0 ? [] : await batch.EmbedAsync(toEmbed, identities, failures, embedding is null ? null : embedding.Settled, cancellationToken);
        foreach (var input in toEmbed)
        {
            if (!embedded.TryGetValue(input.Index, out var molecule))
                continue;
            var identity = identities[input.Index];
            var stored = store.SaveConformer(new StoredConformer(ConformerKey(identity.CanonicalSmiles), identity.CanonicalSmiles,
                identity.InChIKey.Length > 0 ? identity.InChIKey : null, "openbabel", probe.Version!, SmilesBatch.EmbeddingOptions, molecule.WithName(null)));
            store.SaveSmilesAlias(InputKey(input), stored.Key);
            store.ForgetSmilesFailure(InputKey(input));
            results[position[input.Index]] = Make(input, stored.Molecule, null, stored, embedded: true);
        }

        foreach (var input in unknown)
        {
            ref var slot = ref results[position[input.Index]];
            if (slot is not null)
                continue;
            var error = failures.GetValueOrDefault(input.Index, $"Open Babel gave no structure for the SMILES '{input.Smiles}'");
            store.SaveSmilesFailure(InputKey(input), input.Smiles, error);
            slot = Make(input, null, error);
        }
        return results.Select(r => r!).ToList();
    }
}

/// <summary>Hears the progress of SMILES-to-3D embedding, which takes about 0.1 s a molecule.</summary>
public interface IEmbeddingProgress
{
    void Started(int molecules);

    void Settled(int molecules);
}

/// <summary>An input file that cannot be read at all; the message says which file and what to do.</summary>
public sealed class InputFileException(string message) : Exception(message);
