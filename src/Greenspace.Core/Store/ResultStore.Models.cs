using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Greenspace.Store;

/// <summary>A trained model to keep: its name, card and saved bytes, the run and ledger entry that trained it, and its energy.</summary>
/// <param name="LabelEnergyKwh">The ledger's energy for the calculations behind the training labels, or null when Greenspace did not compute them.</param>
public sealed record NewModel(string Name, string Card, string Format, byte[] Blob, long? RunId, long? TrainingEntryId, double? LabelEnergyKwh, double TrainingEnergyKwh);

/// <summary>A model the store keeps.</summary>
public sealed record StoredModel(long Id, string Name, DateTimeOffset CreatedAt, string Card, string Format, byte[] Blob, string BlobSha256,
    long? RunId, long? TrainingEntryId, double? LabelEnergyKwh, double TrainingEnergyKwh);

/// <summary>What the ledger holds for a set of results: the energy of those that have an entry, and how many have one.</summary>
public sealed record ResultsEnergy(int Results, int WithEntry, double EnergyKwh);

public sealed partial class ResultStore
{
    /// <summary>Keeps a trained model; returns its id. A name may be used again: the newest model answers to it.</summary>
    public long SaveModel(NewModel model)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                INSERT INTO models(name, created_at, card, format, blob, blob_sha256, run_id, training_entry_id, label_energy_kwh, training_energy_kwh)
                VALUES ($n, $at, $card, $f, $blob, $sha, $run, $entry, $label, $train) RETURNING id
                """);
            var p = cmd.Parameters;
            p.AddWithValue("$n", model.Name);
            p.AddWithValue("$at", Now());
            p.AddWithValue("$card", model.Card);
            p.AddWithValue("$f", model.Format);
            p.Add("$blob", SqliteType.Blob).Value = model.Blob;
            p.AddWithValue("$sha", Convert.ToHexStringLower(SHA256.HashData(model.Blob)));
            p.AddWithValue("$run", (object?)model.RunId ?? DBNull.Value);
            p.AddWithValue("$entry", (object?)model.TrainingEntryId ?? DBNull.Value);
            p.AddWithValue("$label", (object?)model.LabelEnergyKwh ?? DBNull.Value);
            p.AddWithValue("$train", model.TrainingEnergyKwh);
            return (long)cmd.ExecuteScalar()!;
        }
    }

    /// <summary>The model with id <paramref name="nameOrId"/> when it is a number the store has as an id, else the newest model of that name, or null.</summary>
    public StoredModel? FindModel(string nameOrId)
    {
        lock (_gate)
        {
            if (long.TryParse(nameOrId, NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            {
                using var byId = Command(SelectModel + " WHERE id = $id");
                byId.Parameters.AddWithValue("$id", id);
                if (ReadModels(byId).FirstOrDefault() is { } found)
                    return found;
            }
            using var byName = Command(SelectModel + " WHERE name = $n ORDER BY id DESC LIMIT 1");
            byName.Parameters.AddWithValue("$n", nameOrId);
            return ReadModels(byName).FirstOrDefault();
        }
    }

    /// <summary>Every model's id, name and creation time, newest first (without their bytes).</summary>
    public IReadOnlyList<(long Id, string Name, DateTimeOffset CreatedAt)> ModelNames()
    {
        lock (_gate)
        {
            using var cmd = Command("SELECT id, name, created_at FROM models ORDER BY id DESC");
            using var r = cmd.ExecuteReader();
            var list = new List<(long, string, DateTimeOffset)>();
            while (r.Read())
                list.Add((r.GetInt64(0), r.GetString(1), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture)));
            return list;
        }
    }

    /// <summary>
    /// Successful single-point results (drivers energy and gradient, whose energy belongs to the stored geometry) of one
    /// program and method, and basis when given, oldest first: the labels a model can learn from the store.
    /// </summary>
    public IReadOnlyList<StoredCalculation> LabelledResults(string program, string method, string? basis)
    {
        lock (_gate)
        {
            using var cmd = Command(SelectCalculation + """
                 WHERE r.status = 'success' AND r.energy IS NOT NULL AND q.driver IN ('energy', 'gradient')
                   AND q.program = $p AND q.method = $m AND ($b IS NULL OR q.basis = $b)
                 ORDER BY r.id
                """);
            cmd.Parameters.AddWithValue("$p", program);
            cmd.Parameters.AddWithValue("$m", method);
            cmd.Parameters.AddWithValue("$b", (object?)basis ?? DBNull.Value);
            using var reader = cmd.ExecuteReader();
            var list = new List<StoredCalculation>();
            while (reader.Read())
                list.Add(ReadCalculation(reader));
            return list;
        }
    }

    /// <summary>The energy the ledger charged for the calculations of <paramref name="resultIds"/> (results computed before the ledger existed have no entry).</summary>
    public ResultsEnergy EnergyOfResults(IReadOnlyCollection<long> resultIds)
    {
        lock (_gate)
        {
            int withEntry = 0;
            double kwh = 0;
            // Bound the number of parameters per statement well below SQLite's limit.
            foreach (var chunk in resultIds.Distinct().Chunk(500))
            {
                var names = chunk.Select((_, i) => "$r" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
                using var cmd = Command($"""
                    SELECT COUNT(DISTINCT result_id), COALESCE(SUM(energy_kwh), 0) FROM ledger_entries
                    WHERE kind = 'calculation' AND result_id IN ({string.Join(", ", names)})
                    """);
                for (int i = 0; i < chunk.Length; i++)
                    cmd.Parameters.AddWithValue(names[i], chunk[i]);
                using var r = cmd.ExecuteReader();
                r.Read();
                withEntry += r.GetInt32(0);
                kwh += r.GetDouble(1);
            }
            return new ResultsEnergy(resultIds.Distinct().Count(), withEntry, kwh);
        }
    }

    private const string SelectModel = """
        SELECT id, name, created_at, card, format, blob, blob_sha256, run_id, training_entry_id, label_energy_kwh, training_energy_kwh FROM models
        """;

    private static List<StoredModel> ReadModels(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<StoredModel>();
        while (r.Read())
            list.Add(new StoredModel(r.GetInt64(0), r.GetString(1), DateTimeOffset.Parse(r.GetString(2), CultureInfo.InvariantCulture), r.GetString(3),
                r.GetString(4), (byte[])r.GetValue(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetInt64(7), r.IsDBNull(8) ? null : r.GetInt64(8),
                r.IsDBNull(9) ? null : r.GetDouble(9), r.GetDouble(10)));
        return list;
    }
}
