using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Greenspace.Chemistry;
using Greenspace.Chemistry.Smiles;

namespace Greenspace.Engines.OpenBabel;

/// <summary>One SMILES to turn into a molecule, with its position in the input and where it came from.</summary>
public sealed record SmilesInput(int Index, string Smiles, string? Name, string Location);

/// <summary>What Open Babel says a SMILES is, before any 3D: canonical SMILES, InChIKey and formula (of the largest fragment).</summary>
public sealed record SmilesIdentity(string CanonicalSmiles, string InChIKey, string Formula);

/// <summary>
/// SMILES through Open Babel (<c>obabel</c>, Debian <c>openbabel</c> 3.1.1), one process per batch,
/// never one per molecule. Two passes: identification (canonical SMILES, InChIKey, formula; about
/// 2 ms a molecule) and 3D embedding (<c>--gen3d</c>; about 0.1 s a molecule).
/// </summary>
/// <remarks>
/// Open Babel's batch mode has traps, measured on 3.1.1 and handled here. An unreadable SMILES such
/// as <c>[Xx]</c> or <c>xx((</c> can silently end the batch ("1 molecule converted", later records
/// lost), and it exits 0 with only "0 molecules converted" on stderr; so each record carries its index
/// as its title, the output is matched one to one against the input, and what was lost is run again
/// (a record missing when it was first in its batch is unreadable). <c>C((</c> silently becomes
/// methane, so every SMILES first passes <see cref="SmilesSyntax"/>, and each 3D structure's formula
/// is checked against the identification pass and its heavy atoms and charge against the SMILES
/// itself. <c>--gen3d fast</c> and <c>fastest</c> put every atom at the origin and drop hydrogens:
/// plain <c>--gen3d</c> is used. Salts and counter-ions: <c>-r</c> keeps the largest fragment, and
/// the molecule's note says what was dropped. Stereochemistry given in the SMILES is kept by
/// <c>--gen3d</c> and appears in the canonical SMILES.
/// </remarks>
public sealed partial class SmilesBatch(EngineEnvironment environment, string scratchRoot, int parallelBatches = 1)
{
    /// <summary>
    /// SMILES per Open Babel process: large enough that start-up (about 30 ms) is noise next to
    /// embedding (about 0.1 s a molecule), small enough to keep both cores busy to the end and to
    /// report progress.
    /// </summary>
    public int BatchSize { get; init; } = 40;

    /// <summary>Hears what each Open Babel process cost (called from the threads that ran them), for the ledger.</summary>
    public Action<Records.ComputeCost>? OnCost { get; init; }

    /// <summary>Options that shape the 3D structure; they enter the conformer's stored key.</summary>
    public const string EmbeddingOptions = "obabel --gen3d -r (largest fragment)";

    public const string InstallHint = "apt-get install openbabel";

    private static readonly ConcurrentDictionary<string, Lazy<EngineProbe>> Probes = new();

    public EngineProbe Probe() => Probes.GetOrAdd(environment.SearchPath, _ => new Lazy<EngineProbe>(ProbeNow)).Value;

    private EngineProbe ProbeNow()
    {
        var path = environment.Locate("obabel");
        if (path is null)
            return new EngineProbe("openbabel", false, null, null, InstallHint);
        var version = environment.CachedVersion(path, () =>
        {
            var dir = Directory.CreateTempSubdirectory("greenspace-probe-");
            try
            {
                var outcome = ProcessRunner.RunAsync(new ProcessSpec(path, ["-V"], dir.FullName, TimeSpan.FromSeconds(30))).GetAwaiter().GetResult();
                var m = VersionPattern().Match(outcome.StandardOutput + outcome.StandardError);
                return m.Success ? m.Groups[1].Value : null;
            }
            finally
            {
                dir.Delete(true);
            }
        });
        return version is not null
            ? new EngineProbe("openbabel", true, path, version, InstallHint)
            : new EngineProbe("openbabel", false, path, null, InstallHint, $"obabel at {path} printed no version; reinstall it with: {InstallHint}");
    }

    /// <summary>Canonical SMILES, InChIKey and formula of each input that Open Babel can read; the others get a reason in <paramref name="failures"/>.</summary>
    public async Task<Dictionary<int, SmilesIdentity>> IdentifyAsync(IReadOnlyList<SmilesInput> inputs, ConcurrentDictionary<int, string> failures, CancellationToken cancellationToken = default)
    {
        var found = await RecoveringAsync(inputs, failures, async (batch, ct) =>
        {
            var run = await RunObabelAsync(batch, ["-osmi", "-r", "--append", "cansmi InChIKey formula"], ct);
            var results = new Dictionary<int, SmilesIdentity>();
            foreach (var line in run.CompleteOutput("\n").Split('\n'))
            {
                var tab = line.IndexOf('\t');
                if (tab < 0)
                    continue;
                var title = line[(tab + 1)..].TrimEnd('\r').Split(' ');
                if (title.Length >= 4 && int.TryParse(title[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    results[index] = new SmilesIdentity(title[1], title[2], StripCharge(title[3]));
            }
            return (results, run);
        }, "could not read", null, cancellationToken);
        return found;
    }

    /// <summary>3D structures for the inputs; the others get a reason in <paramref name="failures"/>. Each structure is checked against its SMILES.</summary>
    /// <param name="progress">Hears how many inputs each finished batch settled (embedded or refused).</param>
    public async Task<Dictionary<int, Molecule>> EmbedAsync(IReadOnlyList<SmilesInput> inputs, IReadOnlyDictionary<int, SmilesIdentity> identities,
        ConcurrentDictionary<int, string> failures, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var embedded = await RecoveringAsync(inputs, failures, async (batch, ct) =>
        {
            var run = await RunObabelAsync(batch, ["-osdf", "--gen3d", "-r"], ct);
            var results = new Dictionary<int, MoleculeRecord>();
            foreach (var record in SdfFormat.Read(new StringReader(run.CompleteOutput("$$$$\n")), "Open Babel's 3D output"))
            {
                var title = record.Molecule?.Name ?? record.Info.GetValueOrDefault("title");
                if (title is not null && int.TryParse(title.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    results[index] = record;
            }
            return (results, run);
        }, "wrote no 3D structure for", progress, cancellationToken);

        var molecules = new Dictionary<int, Molecule>();
        var byIndex = inputs.ToDictionary(i => i.Index);
        foreach (var (index, record) in embedded)
        {
            var input = byIndex[index];
            var problem = Check(input, record, identities.GetValueOrDefault(index));
            if (problem is not null)
                failures[index] = problem;
            else
                molecules[index] = record.Molecule!.WithName(input.Name ?? input.Smiles);
        }
        return molecules;
    }

    /// <summary>Why a 3D structure does not match its SMILES, or null when it does.</summary>
    private static string? Check(SmilesInput input, MoleculeRecord record, SmilesIdentity? identity)
    {
        if (record.Molecule is null)
            return $"Open Babel's 3D structure for '{input.Smiles}' could not be read: {record.Error}";
        var mol = record.Molecule;
        var fragments = SmilesSyntax.Parse(input.Smiles, out _);
        var heavy = mol.AtomicNumbers.Where(z => z != 1).GroupBy(Elements.Symbol).ToDictionary(g => g.Key, g => g.Count());
        var match = fragments?.FirstOrDefault(f => f.HeavyAtoms.Count == heavy.Count && f.HeavyAtoms.All(kv => heavy.GetValueOrDefault(kv.Key) == kv.Value));
        if (match is null)
            return $"Open Babel's 3D structure ({mol.Formula}) has other heavy atoms than the SMILES '{input.Smiles}' says; it was not used";
        if (identity is not null && identity.Formula != mol.Formula)
            return $"Open Babel's 3D structure has the formula {mol.Formula}, but the SMILES '{input.Smiles}' gives {identity.Formula}; it was not used";
        if (mol.Charge != match.FormalCharge)
            return $"Open Babel's 3D structure has a total charge of {mol.Charge}, but the SMILES '{input.Smiles}' says {match.FormalCharge}; it was not used";
        if (mol.AtomicNumbers.Count(z => z > 1) > 1 && mol.PositionsAngstrom.Distinct().Count() < mol.AtomCount)
            return $"Open Babel put several atoms of '{input.Smiles}' at the same point; it was not used";
        return null;
    }

    /// <summary>A note for people when the SMILES held several fragments and only the largest was kept.</summary>
    public static string? FragmentNote(string smiles)
    {
        var fragments = SmilesSyntax.Parse(smiles, out _);
        if (fragments is not { Length: > 1 } f)
            return null;
        var kept = f.MaxBy(x => x.HeavyAtomCount)!;
        return $"kept the largest fragment {kept.Text}, dropped {string.Join(", ", f.Where(x => !ReferenceEquals(x, kept)).Select(x => x.Text))}";
    }

    /// <summary>No output for this long means Open Babel hangs on the molecule it is working on (a molecule takes 0.01 to a few seconds).</summary>
    public TimeSpan IdleLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>What one Open Babel process printed, and whether it had to be stopped.</summary>
    private sealed record BatchRun(string Stdout, string Stderr, bool Stopped)
    {
        /// <summary>Stdout up to its last complete record (a stopped process leaves a partial one).</summary>
        public string CompleteOutput(string recordEnd)
        {
            int end = Stdout.LastIndexOf(recordEnd, StringComparison.Ordinal);
            return !Stopped ? Stdout : end < 0 ? "" : Stdout[..(end + recordEnd.Length)];
        }
    }

    // Runs batches; whatever a batch lost is run again. A record lost while first in its batch is
    // unreadable; when a batch had to be stopped, the first record after the last one it finished is
    // the one it hung on (stdout is line-buffered, so finished records are not lost in a buffer).
    private async Task<Dictionary<int, T>> RecoveringAsync<T>(IReadOnlyList<SmilesInput> inputs, ConcurrentDictionary<int, string> failures,
        Func<IReadOnlyList<SmilesInput>, CancellationToken, Task<(Dictionary<int, T> Results, BatchRun Run)>> runBatch, string lost, Action<int>? progress, CancellationToken cancellationToken)
    {
        var done = new ConcurrentDictionary<int, T>();
        var chunks = inputs.Chunk(Math.Max(1, BatchSize));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = parallelBatches, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            IReadOnlyList<SmilesInput> pending = chunk;
            while (pending.Count > 0)
            {
                var (results, run) = await runBatch(pending, ct);
                foreach (var item in pending)
                    if (results.TryGetValue(item.Index, out var value))
                        done[item.Index] = value;
                var missing = pending.Where(p => !results.ContainsKey(p.Index)).ToList();
                if (run.Stopped && missing.Count > 0)
                {
                    int lastFinished = pending.Select((p, i) => (p, i)).LastOrDefault(x => results.ContainsKey(x.p.Index), (null!, -1)).i;
                    var hung = pending.Skip(lastFinished + 1).First(p => !results.ContainsKey(p.Index));
                    failures[hung.Index] = $"Open Babel worked on the SMILES '{hung.Smiles}' for over {IdleLimit.TotalSeconds:0} s without finishing and was stopped";
                    missing.Remove(hung);
                }
                else if (missing.Count > 0 && missing[0] == pending[0])
                {
                    failures[missing[0].Index] = $"Open Babel {lost} the SMILES '{missing[0].Smiles}'{FirstError(run.Stderr)}";
                    missing.RemoveAt(0);
                }
                progress?.Invoke(pending.Count - missing.Count);
                pending = missing;
            }
        });
        return new Dictionary<int, T>(done);
    }

    private async Task<BatchRun> RunObabelAsync(IReadOnlyList<SmilesInput> batch, string[] arguments, CancellationToken ct)
    {
        var probe = Probe();
        if (!probe.Found)
            throw new InvalidOperationException(probe.MissingMessage);
        var dir = Path.Combine(scratchRoot, $"obabel-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var input = new StringBuilder();
            foreach (var item in batch)
                input.Append(item.Smiles.Trim()).Append('\t').Append(item.Index.ToString(CultureInfo.InvariantCulture)).Append('\n');
            await File.WriteAllTextAsync(Path.Combine(dir, "input.smi"), input.ToString(), ct);
            // stdbuf -oL makes Open Babel's stdout line-buffered: each finished record arrives at once,
            // which both feeds the idle watchdog and keeps what was finished when a hang is stopped.
            var stdbuf = environment.Locate("stdbuf");
            string[] command = ["-ismi", "input.smi", .. arguments];
            var outcome = await ProcessRunner.RunAsync(new ProcessSpec(stdbuf ?? probe.ExecutablePath!, stdbuf is null ? command : ["-oL", probe.ExecutablePath!, .. command], dir,
                TimeSpan.FromSeconds(120 + 10.0 * batch.Count))
            {
                Environment = BatchEnvironment,
                IdleLimit = stdbuf is null ? null : IdleLimit,
            }, ct);
            OnCost?.Invoke(outcome.Cost);
            return new BatchRun(outcome.StandardOutput, outcome.StandardError, outcome.Stalled || outcome.TimedOut);
        }
        finally
        {
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    // Measured on 3.1.1: --gen3d uses OpenMP, and two batches running at once with the default thread
    // count live-lock on two cores (spinning threads; a 2 s batch had not finished after 100 s).
    // One thread per process, and as many processes as cores, is both safe and faster.
    private Dictionary<string, string?> BatchEnvironment => new()
    {
        ["PATH"] = environment.SearchPath,
        ["OMP_NUM_THREADS"] = "1",
    };

    private static string FirstError(string stderr)
    {
        var lines = stderr.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("===", StringComparison.Ordinal) && !l.StartsWith("***", StringComparison.Ordinal) && !l.Contains("molecules converted", StringComparison.Ordinal) && !l.Contains("molecule converted", StringComparison.Ordinal)).ToList();
        return lines.Count > 0 ? $" ({lines[0]})" : "";
    }

    // Open Babel's formula descriptor ends in the charge ("C2H3O2-"); Hill formulas here carry none.
    private static string StripCharge(string formula) => formula.TrimEnd('+', '-');

    [GeneratedRegex(@"Open Babel (\d+\.\d+(?:\.\d+)?)")]
    private static partial Regex VersionPattern();
}
