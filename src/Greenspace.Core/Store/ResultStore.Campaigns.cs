using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Greenspace.Store;

/// <summary>One campaign run as the store keeps it.</summary>
public sealed record StoredCampaign(long Id, string Name, string Variant, string SpecHash, string SpecText, int Seed, DateTimeOffset CreatedAt,
    bool Finished, string? StopReason, DateTimeOffset? EndedAt);

/// <summary>A batch's decision cost: what this process spent fitting the surrogate and choosing.</summary>
public sealed record CampaignBatchCost(string? Model, double CpuSeconds, double WallSeconds, double Kwh, double GramsCo2e);

/// <summary>A decided step: acquire one molecule at one rung, with what the surrogate said when it was chosen.</summary>
public sealed record PlannedStep(int Position, int Molecule, int Rung, string Reason, double? Acquisition = null,
    double? PredictedMean = null, double? PredictedSigma = null, double? PredictedKwh = null);

/// <summary>What a step came to: its label (or failure) and what it cost; <paramref name="Source"/> is computed, store or replay.</summary>
public sealed record StepOutcome(string Source, string? RequestHash, long? ResultId, double? Value, string? Error,
    double CpuSeconds, double Kwh, double GramsCo2e, double EmbodiedGramsCo2e)
{
    public bool Succeeded => Error is null && Value is not null;
}

/// <summary>A step of a campaign as stored: its plan, and its outcome once finished (null while planned).</summary>
public sealed record StoredStep(int Batch, PlannedStep Plan, StepOutcome? Outcome);

/// <summary>A stored batch: its number, cost of deciding, and steps in order.</summary>
public sealed record StoredBatch(int Batch, DateTimeOffset DecidedAt, CampaignBatchCost Cost, IReadOnlyList<StoredStep> Steps);

public sealed partial class ResultStore
{
    /// <summary>The campaign run of this spec and variant, created when new; an existing one is returned as it is (to resume).</summary>
    public StoredCampaign OpenCampaign(string name, string variant, string specHash, string specText, int seed)
    {
        lock (_gate)
        {
            using (var insert = Command("""
                INSERT INTO campaigns(name, variant, spec_hash, spec_text, seed, created_at, status)
                VALUES ($n, $v, $h, $t, $s, $at, 'running') ON CONFLICT(spec_hash, variant) DO NOTHING
                """))
            {
                insert.Parameters.AddWithValue("$n", name);
                insert.Parameters.AddWithValue("$v", variant);
                insert.Parameters.AddWithValue("$h", specHash);
                insert.Parameters.AddWithValue("$t", specText);
                insert.Parameters.AddWithValue("$s", seed);
                insert.Parameters.AddWithValue("$at", Now());
                insert.ExecuteNonQuery();
            }
            using var select = Command(SelectCampaign + " WHERE spec_hash = $h AND variant = $v");
            select.Parameters.AddWithValue("$h", specHash);
            select.Parameters.AddWithValue("$v", variant);
            return ReadCampaigns(select).Single();
        }
    }

    /// <summary>Campaign runs, newest first; of one name when given.</summary>
    public IReadOnlyList<StoredCampaign> Campaigns(string? name = null)
    {
        lock (_gate)
        {
            using var cmd = Command(SelectCampaign + (name is null ? "" : " WHERE name = $n") + " ORDER BY id DESC");
            if (name is not null)
                cmd.Parameters.AddWithValue("$n", name);
            return ReadCampaigns(cmd);
        }
    }

    /// <summary>Records a batch's decisions and what deciding cost, in one transaction: a batch is decided wholly or not at all.</summary>
    public void SaveBatch(long campaignId, int batch, CampaignBatchCost cost, IReadOnlyList<PlannedStep> steps)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction(deferred: false);
            using (var cmd = Command("""
                INSERT INTO campaign_batches(campaign_id, batch, decided_at, model, ml_cpu_seconds, ml_wall_seconds, ml_kwh, ml_gco2e)
                VALUES ($c, $b, $at, $m, $cpu, $wall, $kwh, $g)
                """, tx))
            {
                cmd.Parameters.AddWithValue("$c", campaignId);
                cmd.Parameters.AddWithValue("$b", batch);
                cmd.Parameters.AddWithValue("$at", Now());
                cmd.Parameters.AddWithValue("$m", (object?)cost.Model ?? DBNull.Value);
                cmd.Parameters.AddWithValue("$cpu", cost.CpuSeconds);
                cmd.Parameters.AddWithValue("$wall", cost.WallSeconds);
                cmd.Parameters.AddWithValue("$kwh", cost.Kwh);
                cmd.Parameters.AddWithValue("$g", cost.GramsCo2e);
                cmd.ExecuteNonQuery();
            }
            foreach (var step in steps)
            {
                using var cmd = Command("""
                    INSERT INTO campaign_steps(campaign_id, batch, position, molecule, rung, reason, acquisition, predicted_mean, predicted_sigma, predicted_kwh, status)
                    VALUES ($c, $b, $p, $m, $r, $why, $a, $mu, $s, $k, 'planned')
                    """, tx);
                var p = cmd.Parameters;
                p.AddWithValue("$c", campaignId);
                p.AddWithValue("$b", batch);
                p.AddWithValue("$p", step.Position);
                p.AddWithValue("$m", step.Molecule);
                p.AddWithValue("$r", step.Rung);
                p.AddWithValue("$why", step.Reason);
                p.AddWithValue("$a", Nullable(step.Acquisition));
                p.AddWithValue("$mu", Nullable(step.PredictedMean));
                p.AddWithValue("$s", Nullable(step.PredictedSigma));
                p.AddWithValue("$k", Nullable(step.PredictedKwh));
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <summary>Records what a planned step came to.</summary>
    public void FinishStep(long campaignId, int batch, int position, StepOutcome outcome)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                UPDATE campaign_steps SET status = $st, source = $src, request_hash = $h, result_id = $rid, value = $v, error = $e,
                    cpu_seconds = $cpu, kwh = $kwh, gco2e = $g, embodied_gco2e = $emb, finished_at = $at
                WHERE campaign_id = $c AND batch = $b AND position = $p
                """);
            var p = cmd.Parameters;
            p.AddWithValue("$st", outcome.Succeeded ? "done" : "failed");
            p.AddWithValue("$src", outcome.Source);
            p.AddWithValue("$h", (object?)outcome.RequestHash ?? DBNull.Value);
            p.AddWithValue("$rid", (object?)outcome.ResultId ?? DBNull.Value);
            p.AddWithValue("$v", Nullable(outcome.Value));
            p.AddWithValue("$e", (object?)outcome.Error ?? DBNull.Value);
            p.AddWithValue("$cpu", outcome.CpuSeconds);
            p.AddWithValue("$kwh", outcome.Kwh);
            p.AddWithValue("$g", outcome.GramsCo2e);
            p.AddWithValue("$emb", outcome.EmbodiedGramsCo2e);
            p.AddWithValue("$at", Now());
            p.AddWithValue("$c", campaignId);
            p.AddWithValue("$b", batch);
            p.AddWithValue("$p", position);
            if (cmd.ExecuteNonQuery() != 1)
                throw new InvalidOperationException($"campaign {campaignId} has no step {batch}/{position} to finish");
        }
    }

    /// <summary>Marks a campaign run finished, with why it stopped.</summary>
    public void FinishCampaign(long campaignId, string stopReason)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE campaigns SET status = 'finished', stop_reason = $r, ended_at = $at WHERE id = $c");
            cmd.Parameters.AddWithValue("$r", stopReason);
            cmd.Parameters.AddWithValue("$at", Now());
            cmd.Parameters.AddWithValue("$c", campaignId);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Every batch of a campaign run with its steps, in order.</summary>
    public IReadOnlyList<StoredBatch> CampaignBatches(long campaignId)
    {
        lock (_gate)
        {
            var steps = new Dictionary<int, List<StoredStep>>();
            using (var cmd = Command("""
                SELECT batch, position, molecule, rung, reason, acquisition, predicted_mean, predicted_sigma, predicted_kwh,
                       status, source, request_hash, result_id, value, error, cpu_seconds, kwh, gco2e, embodied_gco2e
                FROM campaign_steps WHERE campaign_id = $c ORDER BY batch, position
                """))
            {
                cmd.Parameters.AddWithValue("$c", campaignId);
                using var r = cmd.ExecuteReader();
                while (r.Read())
                {
                    var plan = new PlannedStep(r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetString(4), Double(r, 5), Double(r, 6), Double(r, 7), Double(r, 8));
                    StepOutcome? outcome = r.GetString(9) == "planned" ? null : new StepOutcome(r.GetString(10), String(r, 11), r.IsDBNull(12) ? null : r.GetInt64(12),
                        Double(r, 13), String(r, 14), r.GetDouble(15), r.GetDouble(16), r.GetDouble(17), r.GetDouble(18));
                    int batch = r.GetInt32(0);
                    if (!steps.TryGetValue(batch, out var list))
                        steps[batch] = list = [];
                    list.Add(new StoredStep(batch, plan, outcome));
                }
            }
            using var batches = Command("SELECT batch, decided_at, model, ml_cpu_seconds, ml_wall_seconds, ml_kwh, ml_gco2e FROM campaign_batches WHERE campaign_id = $c ORDER BY batch");
            batches.Parameters.AddWithValue("$c", campaignId);
            using var b = batches.ExecuteReader();
            var result = new List<StoredBatch>();
            while (b.Read())
            {
                int batch = b.GetInt32(0);
                result.Add(new StoredBatch(batch, DateTimeOffset.Parse(b.GetString(1), CultureInfo.InvariantCulture),
                    new CampaignBatchCost(String(b, 2), b.GetDouble(3), b.GetDouble(4), b.GetDouble(5), b.GetDouble(6)),
                    steps.TryGetValue(batch, out var list) ? list : []));
            }
            return result;
        }
    }

    private const string SelectCampaign = "SELECT id, name, variant, spec_hash, spec_text, seed, created_at, status, stop_reason, ended_at FROM campaigns";

    private static List<StoredCampaign> ReadCampaigns(SqliteCommand cmd)
    {
        using var r = cmd.ExecuteReader();
        var list = new List<StoredCampaign>();
        while (r.Read())
            list.Add(new StoredCampaign(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetInt32(5),
                DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture), r.GetString(7) == "finished", String(r, 8),
                r.IsDBNull(9) ? null : DateTimeOffset.Parse(r.GetString(9), CultureInfo.InvariantCulture)));
        return list;
    }

    private static object Nullable(double? value) => value is { } v && double.IsFinite(v) ? v : DBNull.Value;
    private static double? Double(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);
    private static string? String(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
