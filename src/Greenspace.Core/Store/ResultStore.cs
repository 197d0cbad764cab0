using System.Collections.Immutable;
using System.Globalization;
using Greenspace.Chemistry;
using Greenspace.Engines;
using Greenspace.Records;
using Microsoft.Data.Sqlite;

namespace Greenspace.Store;

/// <summary>
/// The embedded store: one SQLite file in WAL mode (synchronous=NORMAL: a crash of the program loses
/// nothing committed; a power cut may lose the last transactions but never corrupts the file). It
/// answers a request it has seen, counts each such hit and the cost it avoided, keeps failures
/// (never served as answers), and lets processes on one machine share work through claims: a
/// request is claimed before it runs, and a claim whose process has died, or whose time has run out,
/// is taken over.
/// </summary>
/// <remarks>
/// One connection per instance, serialised by a lock: SQLite connections are not for concurrent use,
/// and a store operation takes microseconds next to an engine call that takes milliseconds to hours.
/// </remarks>
public sealed partial class ResultStore : IProgramVersionCache, IDisposable
{
    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();
    private readonly string _host = Environment.MachineName;
    private readonly int _pid = Environment.ProcessId;
    private readonly string _processStart = ProcessStartTime(Environment.ProcessId) ?? "";

    public string Path { get; }

    private ResultStore(string path, SqliteConnection db)
    {
        Path = path;
        _db = db;
    }

    /// <summary>Opens (creating if needed) the store at <paramref name="path"/> and brings its schema up to date.</summary>
    public static ResultStore Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var dir = System.IO.Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(dir))
            Directory.CreateDirectory(dir);
        var db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 60,
        }.ToString());
        db.Open();
        Execute(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=60000;");
        var store = new ResultStore(full, db);
        store.Migrate();
        return store;
    }

    public int SchemaVersion
    {
        get { lock (_gate) return Convert.ToInt32(Scalar(_db, "PRAGMA user_version"), CultureInfo.InvariantCulture); }
    }

    private void Migrate()
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction(deferred: false);
            int current = Convert.ToInt32(Scalar(_db, "PRAGMA user_version", tx), CultureInfo.InvariantCulture);
            int latest = Migrations.All[^1].Version;
            if (current > latest)
                throw new InvalidOperationException($"the store {Path} has schema version {current}, newer than this Greenspace knows ({latest}); use a newer Greenspace or another store");
            foreach (var (version, _, sql) in Migrations.All.Where(m => m.Version > current))
            {
                Execute(_db, sql, tx);
                Execute(_db, $"PRAGMA user_version = {version}", tx);
            }
            tx.Commit();
        }
    }

    /// <summary>The newest result for <paramref name="requestHash"/>: a success if there is one, else the newest failure, else null.</summary>
    public StoredCalculation? FindLatest(string requestHash)
    {
        lock (_gate)
        {
            using var cmd = Command(SelectCalculation + """

                WHERE r.request_hash = $h
                ORDER BY (r.status = 'success') DESC, r.id DESC LIMIT 1
                """);
            cmd.Parameters.AddWithValue("$h", requestHash);
            using var reader = cmd.ExecuteReader();
            return reader.Read() ? ReadCalculation(reader) : null;
        }
    }

    /// <summary>The success for <paramref name="requestHash"/>, or null; failures are never answers.</summary>
    public StoredCalculation? FindSuccess(string requestHash)
    {
        var latest = FindLatest(requestHash);
        return latest is { Result.Succeeded: true } ? latest : null;
    }

    /// <summary>Counts an answer given from the store (within a run, when there is one); the cost avoided is that of the stored result.</summary>
    public void RecordHit(StoredCalculation answer, long? runId = null)
    {
        lock (_gate)
        {
            using var cmd = Command("INSERT INTO store_hits(request_hash, result_id, at, run_id) VALUES ($h, $r, $at, $run)");
            cmd.Parameters.AddWithValue("$h", answer.RequestHash);
            cmd.Parameters.AddWithValue("$r", answer.ResultId);
            cmd.Parameters.AddWithValue("$at", Now());
            cmd.Parameters.AddWithValue("$run", (object?)runId ?? DBNull.Value);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Claims <paramref name="requestHash"/> for this process before running it. A claim held by a
    /// live process on this host, or not yet expired on another host, is respected; a claim by a
    /// process that died (or whose pid now belongs to another process), or past its expiry, is taken over.
    /// </summary>
    public ClaimOutcome TryClaim(string requestHash, TimeSpan expiresAfter, bool retryFailed = false)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction(deferred: false);
            using (var done = Command("SELECT status FROM results WHERE request_hash = $h ORDER BY (status = 'success') DESC LIMIT 1", tx))
            {
                done.Parameters.AddWithValue("$h", requestHash);
                var status = done.ExecuteScalar() as string;
                if (status == "success" || (status == "failed" && !retryFailed))
                    return ClaimOutcome.AlreadyDone;
            }
            using (var held = Command("SELECT host, pid, process_start, expires_at FROM claims WHERE request_hash = $h", tx))
            {
                held.Parameters.AddWithValue("$h", requestHash);
                using var r = held.ExecuteReader();
                if (r.Read())
                {
                    var host = r.GetString(0);
                    int pid = r.GetInt32(1);
                    var start = r.GetString(2);
                    var expires = DateTimeOffset.Parse(r.GetString(3), CultureInfo.InvariantCulture);
                    bool mine = host == _host && pid == _pid && start == _processStart;
                    bool alive = host == _host ? ProcessStartTime(pid) == start : DateTimeOffset.UtcNow < expires;
                    if (!mine && alive && DateTimeOffset.UtcNow < expires)
                        return ClaimOutcome.HeldByOther;
                }
            }
            using (var claim = Command("""
                INSERT INTO claims(request_hash, host, pid, process_start, claimed_at, expires_at) VALUES ($h, $host, $pid, $start, $at, $exp)
                ON CONFLICT(request_hash) DO UPDATE SET host = $host, pid = $pid, process_start = $start, claimed_at = $at, expires_at = $exp
                """, tx))
            {
                claim.Parameters.AddWithValue("$h", requestHash);
                claim.Parameters.AddWithValue("$host", _host);
                claim.Parameters.AddWithValue("$pid", _pid);
                claim.Parameters.AddWithValue("$start", _processStart);
                claim.Parameters.AddWithValue("$at", Now());
                claim.Parameters.AddWithValue("$exp", (DateTimeOffset.UtcNow + expiresAfter).ToString("O", CultureInfo.InvariantCulture));
                claim.ExecuteNonQuery();
            }
            tx.Commit();
            return ClaimOutcome.Claimed;
        }
    }

    /// <summary>Gives up a claim without a result (the run was cancelled).</summary>
    public void ReleaseClaim(string requestHash)
    {
        lock (_gate)
        {
            using var cmd = Command("DELETE FROM claims WHERE request_hash = $h AND host = $host AND pid = $pid");
            cmd.Parameters.AddWithValue("$h", requestHash);
            cmd.Parameters.AddWithValue("$host", _host);
            cmd.Parameters.AddWithValue("$pid", _pid);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Stores a result for <paramref name="request"/> (per-atom data in canonical order) with its
    /// molecule, request and cost, and releases the claim, in one transaction. Returns the result's id.
    /// </summary>
    public long Save(StoredRequest request, CalculationResult result)
    {
        var req = request.CanonicalRequest;
        var mol = req.Molecule;
        lock (_gate)
        {
            using var tx = _db.BeginTransaction(deferred: false);
            var moleculeHash = RequestIdentity.MoleculeHash(mol);
            using (var cmd = Command("""
                INSERT INTO molecules(hash, formula, atom_count, charge, multiplicity, atomic_numbers, positions_angstrom, created_at)
                VALUES ($h, $f, $n, $c, $m, $z, $r, $at) ON CONFLICT(hash) DO NOTHING
                """, tx))
            {
                cmd.Parameters.AddWithValue("$h", moleculeHash);
                cmd.Parameters.AddWithValue("$f", mol.Formula);
                cmd.Parameters.AddWithValue("$n", mol.AtomCount);
                cmd.Parameters.AddWithValue("$c", mol.Charge);
                cmd.Parameters.AddWithValue("$m", mol.Multiplicity);
                cmd.Parameters.AddWithValue("$z", StoreJson.Integers(mol.AtomicNumbers));
                cmd.Parameters.AddWithValue("$r", StoreJson.Positions(mol.PositionsAngstrom));
                cmd.Parameters.AddWithValue("$at", Now());
                cmd.ExecuteNonQuery();
            }
            using (var cmd = Command("""
                INSERT INTO requests(hash, molecule_hash, program, program_version, method, basis, driver, keywords, canonical_json, created_at)
                VALUES ($h, $mh, $p, $v, $me, $b, $d, $k, $j, $at) ON CONFLICT(hash) DO NOTHING
                """, tx))
            {
                cmd.Parameters.AddWithValue("$h", request.Hash);
                cmd.Parameters.AddWithValue("$mh", moleculeHash);
                cmd.Parameters.AddWithValue("$p", req.Program);
                cmd.Parameters.AddWithValue("$v", RequestIdentity.MajorMinor(request.ProgramVersion));
                cmd.Parameters.AddWithValue("$me", req.Method);
                cmd.Parameters.AddWithValue("$b", (object?)req.Basis ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$d", req.Driver.ToWire());
                cmd.Parameters.AddWithValue("$k", StoreJson.Keywords(req.Keywords));
                cmd.Parameters.AddWithValue("$j", request.Identity.CanonicalJson);
                cmd.Parameters.AddWithValue("$at", Now());
                cmd.ExecuteNonQuery();
            }
            long id;
            var p = result.Provenance;
            using (var cmd = Command("""
                INSERT INTO results(request_hash, status, energy_kind, energy, properties, error, output_tail, program, program_version, host, started_at, ended_at, creator, creator_version, job)
                VALUES ($h, $s, $ek, $e, $props, $err, $tail, $p, $v, $host, $t0, $t1, $c, $cv, $job) RETURNING id
                """, tx))
            {
                cmd.Parameters.AddWithValue("$h", request.Hash);
                cmd.Parameters.AddWithValue("$s", result.Succeeded ? "success" : "failed");
                cmd.Parameters.AddWithValue("$ek", (object?)result.Properties?.EnergyKind.ToWire() ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$e", (object?)result.Properties?.Energy ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$props", result.Properties is null ? DBNull.Value : StoreJson.Properties(result.Properties));
                cmd.Parameters.AddWithValue("$err", (object?)result.Error ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$tail", (object?)result.OutputTail ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$p", p.Program);
                cmd.Parameters.AddWithValue("$v", p.ProgramVersion);
                cmd.Parameters.AddWithValue("$host", p.Host);
                cmd.Parameters.AddWithValue("$t0", p.StartedAt.ToString("O", CultureInfo.InvariantCulture));
                cmd.Parameters.AddWithValue("$t1", p.EndedAt.ToString("O", CultureInfo.InvariantCulture));
                cmd.Parameters.AddWithValue("$c", p.Creator);
                cmd.Parameters.AddWithValue("$cv", p.CreatorVersion);
                cmd.Parameters.AddWithValue("$job", (object?)p.Job ?? DBNull.Value);
                id = (long)cmd.ExecuteScalar()!;
            }
            using (var cmd = Command("INSERT INTO costs(result_id, wall_seconds, cpu_seconds, peak_memory_bytes, meter, package_energy_joules) VALUES ($id, $w, $c, $m, $meter, $pkg)", tx))
            {
                cmd.Parameters.AddWithValue("$id", id);
                cmd.Parameters.AddWithValue("$w", result.Cost.WallSeconds);
                cmd.Parameters.AddWithValue("$c", result.Cost.CpuSeconds);
                cmd.Parameters.AddWithValue("$m", result.Cost.PeakMemoryBytes);
                cmd.Parameters.AddWithValue("$meter", result.Cost.Meter);
                cmd.Parameters.AddWithValue("$pkg", (object?)result.Cost.PackageEnergyJoules ?? DBNull.Value);
                cmd.ExecuteNonQuery();
            }
            using (var cmd = Command("DELETE FROM claims WHERE request_hash = $h", tx))
            {
                cmd.Parameters.AddWithValue("$h", request.Hash);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            return id;
        }
    }

    /// <summary>Every stored result (successes, and failures when asked), oldest first, for export.</summary>
    public IEnumerable<StoredCalculation> Calculations(bool includeFailures = false)
    {
        // Read into a list under the lock: a lazy reader would hold the connection across yields.
        lock (_gate)
        {
            using var cmd = Command(SelectCalculation + (includeFailures ? "" : " WHERE r.status = 'success'") + " ORDER BY r.id");
            using var reader = cmd.ExecuteReader();
            var list = new List<StoredCalculation>();
            while (reader.Read())
                list.Add(ReadCalculation(reader));
            return list;
        }
    }

    public StoreSummary Summary()
    {
        lock (_gate)
        {
            long Count(string sql) => Convert.ToInt64(Scalar(_db, sql), CultureInfo.InvariantCulture);
            double Sum(string sql) => Scalar(_db, sql) is double d ? d : 0;
            return new StoreSummary(
                Count("SELECT COUNT(*) FROM molecules"),
                Count("SELECT COUNT(*) FROM requests"),
                Count("SELECT COUNT(*) FROM results WHERE status = 'success'"),
                Count("SELECT COUNT(*) FROM results WHERE status = 'failed'"),
                Count("SELECT COUNT(*) FROM store_hits"),
                Sum("SELECT SUM(cpu_seconds) FROM costs"),
                Sum("SELECT SUM(c.cpu_seconds) FROM store_hits h JOIN costs c ON c.result_id = h.result_id"));
        }
    }

    private const string SelectCalculation = """
        SELECT r.id, r.request_hash, q.molecule_hash, m.atomic_numbers, m.positions_angstrom, m.charge, m.multiplicity,
               q.program, q.method, q.basis, q.driver, q.keywords,
               r.status, r.properties, r.error, r.output_tail, r.program, r.program_version, r.host, r.started_at, r.ended_at,
               r.creator, r.creator_version, c.wall_seconds, c.cpu_seconds, c.peak_memory_bytes, c.meter, c.package_energy_joules, r.job
        FROM results r
        JOIN requests q ON q.hash = r.request_hash
        JOIN molecules m ON m.hash = q.molecule_hash
        JOIN costs c ON c.result_id = r.id

        """;

    private static StoredCalculation ReadCalculation(SqliteDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var molecule = Molecule.Create(StoreJson.Integers(r.GetString(3)), StoreJson.Positions(r.GetString(4)), r.GetInt32(5), r.GetInt32(6));
        DriverNames.TryParse(r.GetString(10), out var driver);
        var provenance = new Provenance(r.GetString(16), r.GetString(17), r.GetString(18),
            DateTimeOffset.Parse(r.GetString(19), CultureInfo.InvariantCulture), DateTimeOffset.Parse(r.GetString(20), CultureInfo.InvariantCulture),
            r.GetString(21)) { CreatorVersion = r.GetString(22), Job = S(28) };
        var cost = new ComputeCost(r.GetDouble(23), r.GetDouble(24), r.GetInt64(25), r.GetString(26))
        {
            PackageEnergyJoules = r.IsDBNull(27) ? null : r.GetDouble(27),
        };
        var status = r.GetString(12) == "success" ? CalculationStatus.Success : CalculationStatus.Failed;
        var result = new CalculationResult
        {
            Status = status,
            Properties = S(13) is { } json ? StoreJson.Properties(json) : null,
            Error = S(14),
            OutputTail = S(15),
            Provenance = provenance,
            Cost = cost,
        };
        return new StoredCalculation(r.GetInt64(0), r.GetString(1), r.GetString(2), molecule, r.GetString(7), r.GetString(8), S(9), driver,
            StoreJson.Keywords(r.GetString(11)).ToImmutableSortedDictionary(StringComparer.Ordinal), result);
    }

    // ---- SMILES conformers: SMILES to 3D is itself a stored request (Open Babel's embedding is not deterministic).

    /// <summary>The stored 3D structure for a conformer key, or null.</summary>
    public StoredConformer? FindConformer(string key)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT canonical_smiles, inchikey, program, program_version, options, charge, multiplicity, atomic_numbers, positions_angstrom, bonds FROM conformers WHERE key = $k");
            cmd.Parameters.AddWithValue("$k", key);
            using var r = cmd.ExecuteReader();
            if (!r.Read())
                return null;
            var bonds = StoreJson.Integers(r.GetString(9));
            var molecule = Molecule.Create(StoreJson.Integers(r.GetString(7)), StoreJson.Positions(r.GetString(8)), r.GetInt32(5), r.GetInt32(6),
                Enumerable.Range(0, bonds.Length / 3).Select(i => new Bond(bonds[3 * i], bonds[3 * i + 1], bonds[3 * i + 2])));
            return new StoredConformer(key, r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), molecule);
        }
    }

    /// <summary>Stores a conformer unless one is already stored under its key; returns the one that is stored (first wins).</summary>
    public StoredConformer SaveConformer(StoredConformer conformer)
    {
        lock (_gate)
        {
            var m = conformer.Molecule;
            using var cmd = Command("""
                INSERT INTO conformers(key, canonical_smiles, inchikey, program, program_version, options, charge, multiplicity, atomic_numbers, positions_angstrom, bonds, created_at)
                VALUES ($k, $s, $i, $p, $v, $o, $c, $m, $z, $r, $b, $at) ON CONFLICT(key) DO NOTHING
                """);
            cmd.Parameters.AddWithValue("$k", conformer.Key);
            cmd.Parameters.AddWithValue("$s", conformer.CanonicalSmiles);
            cmd.Parameters.AddWithValue("$i", (object?)conformer.InChIKey ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$p", conformer.Program);
            cmd.Parameters.AddWithValue("$v", conformer.ProgramVersion);
            cmd.Parameters.AddWithValue("$o", conformer.Options);
            cmd.Parameters.AddWithValue("$c", m.Charge);
            cmd.Parameters.AddWithValue("$m", m.Multiplicity);
            cmd.Parameters.AddWithValue("$z", StoreJson.Integers(m.AtomicNumbers));
            cmd.Parameters.AddWithValue("$r", StoreJson.Positions(m.PositionsAngstrom));
            cmd.Parameters.AddWithValue("$b", StoreJson.Integers(m.Bonds.SelectMany(b => new[] { b.Atom1, b.Atom2, b.Order })));
            cmd.Parameters.AddWithValue("$at", Now());
            cmd.ExecuteNonQuery();
        }
        return FindConformer(conformer.Key)!;
    }

    /// <summary>The conformer key a SMILES exactly as written was resolved to before, or null.</summary>
    public string? FindSmilesAlias(string inputKey)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT conformer_key FROM smiles_aliases WHERE input_key = $k");
            cmd.Parameters.AddWithValue("$k", inputKey);
            return cmd.ExecuteScalar() as string;
        }
    }

    public void SaveSmilesAlias(string inputKey, string conformerKey)
    {
        lock (_gate)
        {
            using var cmd = Command("INSERT INTO smiles_aliases(input_key, conformer_key) VALUES ($i, $c) ON CONFLICT(input_key) DO NOTHING");
            cmd.Parameters.AddWithValue("$i", inputKey);
            cmd.Parameters.AddWithValue("$c", conformerKey);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Why a SMILES exactly as written could not be made 3D before, or null.</summary>
    public string? FindSmilesFailure(string inputKey)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT error FROM smiles_failures WHERE input_key = $k");
            cmd.Parameters.AddWithValue("$k", inputKey);
            return cmd.ExecuteScalar() as string;
        }
    }

    /// <summary>Records (or, on a retry, replaces) why a SMILES could not be made 3D.</summary>
    public void SaveSmilesFailure(string inputKey, string smiles, string error)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                INSERT INTO smiles_failures(input_key, smiles, error, created_at) VALUES ($k, $s, $e, $at)
                ON CONFLICT(input_key) DO UPDATE SET error = $e, created_at = $at
                """);
            cmd.Parameters.AddWithValue("$k", inputKey);
            cmd.Parameters.AddWithValue("$s", smiles);
            cmd.Parameters.AddWithValue("$e", error);
            cmd.Parameters.AddWithValue("$at", Now());
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Forgets a SMILES failure once the SMILES has been made 3D after all (a retry).</summary>
    public void ForgetSmilesFailure(string inputKey)
    {
        lock (_gate)
        {
            using var cmd = Command("DELETE FROM smiles_failures WHERE input_key = $k");
            cmd.Parameters.AddWithValue("$k", inputKey);
            cmd.ExecuteNonQuery();
        }
    }

    string? IProgramVersionCache.Find(string executablePath, long sizeBytes, DateTime modifiedUtc)
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT version FROM program_versions WHERE path = $p AND size_bytes = $s AND modified_at = $m");
            cmd.Parameters.AddWithValue("$p", executablePath);
            cmd.Parameters.AddWithValue("$s", sizeBytes);
            cmd.Parameters.AddWithValue("$m", modifiedUtc.ToString("O", CultureInfo.InvariantCulture));
            return cmd.ExecuteScalar() as string;
        }
    }

    void IProgramVersionCache.Remember(string executablePath, long sizeBytes, DateTime modifiedUtc, string version)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                INSERT INTO program_versions(path, size_bytes, modified_at, version) VALUES ($p, $s, $m, $v)
                ON CONFLICT(path) DO UPDATE SET size_bytes = $s, modified_at = $m, version = $v
                """);
            cmd.Parameters.AddWithValue("$p", executablePath);
            cmd.Parameters.AddWithValue("$s", sizeBytes);
            cmd.Parameters.AddWithValue("$m", modifiedUtc.ToString("O", CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue("$v", version);
            cmd.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        lock (_gate)
            _db.Dispose();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx = null)
    {
        var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd;
    }

    private static void Execute(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection db, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        return cmd.ExecuteScalar();
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The start time of a process in clock ticks since boot (/proc/PID/stat field 22), or null when it does not exist.</summary>
    internal static string? ProcessStartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[19];
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>A 3D structure made from a SMILES, stored so that every later run from that SMILES reuses it.</summary>
public sealed record StoredConformer(string Key, string CanonicalSmiles, string? InChIKey, string Program, string ProgramVersion, string Options, Molecule Molecule);
