using System.Globalization;
using Greenspace.Ledger;

namespace Greenspace.Store;

/// <summary>A run's totals: what its entries charged, beside what it held (cores x wall time).</summary>
public sealed record RunTotals(
    long RunId,
    double CoresReserved,
    double WallSeconds,
    IReadOnlyList<LedgerTotal> ByKind,
    double EnergyAvoidedKwh,
    double CarbonAvoidedGco2e,
    int AnswersFromStore)
{
    public LedgerTotal All => LedgerTotal.Sum("all", ByKind);

    /// <summary>Core-seconds the run held: cores reserved x wall time. Their difference from the entries' CPU seconds is idle time.</summary>
    public double AllocationCoreSeconds => CoresReserved * WallSeconds;
}

/// <summary>Sums of ledger entries of one kind, or of one program and method.</summary>
public sealed record LedgerTotal(
    string Group,
    int Entries,
    double CpuSeconds,
    double EnergyKwh,
    double EnergyLowKwh,
    double EnergyHighKwh,
    double CarbonGco2e,
    double CarbonLowGco2e,
    double CarbonHighGco2e,
    double EmbodiedGco2e)
{
    public static LedgerTotal Sum(string group, IEnumerable<LedgerTotal> parts)
    {
        var p = parts.ToList();
        return new LedgerTotal(group, p.Sum(x => x.Entries), p.Sum(x => x.CpuSeconds), p.Sum(x => x.EnergyKwh), p.Sum(x => x.EnergyLowKwh),
            p.Sum(x => x.EnergyHighKwh), p.Sum(x => x.CarbonGco2e), p.Sum(x => x.CarbonLowGco2e), p.Sum(x => x.CarbonHighGco2e), p.Sum(x => x.EmbodiedGco2e));
    }
}

/// <summary>What the store's ledger holds, grouped, with the energy its answers avoided.</summary>
public sealed record LedgerSummary(IReadOnlyList<LedgerTotal> ByKind, IReadOnlyList<LedgerTotal> ByProgramAndMethod, int Runs,
    int AnswersFromStore, double EnergyAvoidedKwh, double CarbonAvoidedGco2e);

public sealed partial class ResultStore
{
    /// <summary>Opens a run of a command; its entries and the store answers it gives are counted under it.</summary>
    public long StartRun(string command, double coresReserved, string machine)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                INSERT INTO runs(command, host, pid, started_at, cores_reserved, machine) VALUES ($c, $h, $p, $t, $cores, $m) RETURNING id
                """);
            cmd.Parameters.AddWithValue("$c", command);
            cmd.Parameters.AddWithValue("$h", _host);
            cmd.Parameters.AddWithValue("$p", _pid);
            cmd.Parameters.AddWithValue("$t", Now());
            cmd.Parameters.AddWithValue("$cores", coresReserved);
            cmd.Parameters.AddWithValue("$m", machine);
            return (long)cmd.ExecuteScalar()!;
        }
    }

    public void EndRun(long runId, double wallSeconds)
    {
        lock (_gate)
        {
            using var cmd = Command("UPDATE runs SET ended_at = $t, wall_seconds = $w WHERE id = $id");
            cmd.Parameters.AddWithValue("$t", Now());
            cmd.Parameters.AddWithValue("$w", wallSeconds);
            cmd.Parameters.AddWithValue("$id", runId);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>Records what one calculation, SMILES batch or the orchestrator cost, with its energy and carbon.</summary>
    public long AddLedgerEntry(long runId, LedgerEntryKind kind, long? resultId, string label, string? program, string? method,
        CalculationUsage usage, string meter, CalculationFootprint footprint)
    {
        lock (_gate)
        {
            using var cmd = Command("""
                INSERT INTO ledger_entries(run_id, kind, result_id, label, program, method, cpu_seconds, wall_seconds, peak_memory_bytes, core_share, meter,
                    energy_method, energy_kwh, energy_low_kwh, energy_high_kwh, cpu_energy_kwh, memory_energy_kwh,
                    carbon_gco2e, carbon_low_gco2e, carbon_high_gco2e, embodied_gco2e, tdp_per_core_w, memory_charged_gb, pue, pue_source,
                    carbon_intensity_g_per_kwh, carbon_intensity_zone, carbon_intensity_year, carbon_intensity_source, convention, created_at)
                VALUES ($run, $kind, $result, $label, $program, $method, $cpu, $wall, $peak, $share, $meter,
                    $em, $e, $elo, $ehi, $ecpu, $emem, $c, $clo, $chi, $emb, $tdp, $memgb, $pue, $pues, $ci, $ciz, $ciy, $cis, $conv, $at)
                RETURNING id
                """);
            var p = cmd.Parameters;
            p.AddWithValue("$run", runId);
            p.AddWithValue("$kind", kind.ToWire());
            p.AddWithValue("$result", (object?)resultId ?? DBNull.Value);
            p.AddWithValue("$label", label);
            p.AddWithValue("$program", (object?)program ?? DBNull.Value);
            p.AddWithValue("$method", (object?)method ?? DBNull.Value);
            p.AddWithValue("$cpu", usage.CpuSeconds);
            p.AddWithValue("$wall", usage.WallSeconds);
            p.AddWithValue("$peak", usage.PeakResidentBytes);
            p.AddWithValue("$share", usage.CoreShare);
            p.AddWithValue("$meter", meter);
            p.AddWithValue("$em", footprint.Method.ToWire());
            p.AddWithValue("$e", footprint.EnergyKwh);
            p.AddWithValue("$elo", footprint.EnergyLowKwh);
            p.AddWithValue("$ehi", footprint.EnergyHighKwh);
            p.AddWithValue("$ecpu", footprint.CpuEnergyKwh);
            p.AddWithValue("$emem", footprint.MemoryEnergyKwh);
            p.AddWithValue("$c", footprint.OperationalCarbonGco2e);
            p.AddWithValue("$clo", footprint.OperationalCarbonLowGco2e);
            p.AddWithValue("$chi", footprint.OperationalCarbonHighGco2e);
            p.AddWithValue("$emb", footprint.EmbodiedCarbonGco2e);
            p.AddWithValue("$tdp", footprint.TdpPerCoreW);
            p.AddWithValue("$memgb", footprint.MemoryChargedGb);
            p.AddWithValue("$pue", footprint.Pue);
            p.AddWithValue("$pues", footprint.PueSource);
            p.AddWithValue("$ci", footprint.CarbonIntensity.GramsCo2ePerKwh);
            p.AddWithValue("$ciz", footprint.CarbonIntensity.ZoneId);
            p.AddWithValue("$ciy", footprint.CarbonIntensity.Year);
            p.AddWithValue("$cis", footprint.CarbonIntensity.Source);
            p.AddWithValue("$conv", footprint.Convention);
            p.AddWithValue("$at", Now());
            return (long)cmd.ExecuteScalar()!;
        }
    }

    private const string TotalColumns = """
        COUNT(*), COALESCE(SUM(cpu_seconds), 0), COALESCE(SUM(energy_kwh), 0), COALESCE(SUM(energy_low_kwh), 0), COALESCE(SUM(energy_high_kwh), 0),
        COALESCE(SUM(carbon_gco2e), 0), COALESCE(SUM(carbon_low_gco2e), 0), COALESCE(SUM(carbon_high_gco2e), 0), COALESCE(SUM(embodied_gco2e), 0)
        """;

    private List<LedgerTotal> Totals(string groupBy, string where, Action<Microsoft.Data.Sqlite.SqliteParameterCollection>? bind = null)
    {
        using var cmd = Command($"SELECT {groupBy}, {TotalColumns} FROM ledger_entries {where} GROUP BY {groupBy} ORDER BY 1");
        bind?.Invoke(cmd.Parameters);
        using var r = cmd.ExecuteReader();
        var list = new List<LedgerTotal>();
        while (r.Read())
            list.Add(new LedgerTotal(r.IsDBNull(0) ? "-" : r.GetString(0), r.GetInt32(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetDouble(5),
                r.GetDouble(6), r.GetDouble(7), r.GetDouble(8), r.GetDouble(9)));
        return list;
    }

    // The energy a store answer avoided is the recorded cost of the calculation it repeats.
    private (int Hits, double Kwh, double Gco2e) Avoided(string where, Action<Microsoft.Data.Sqlite.SqliteParameterCollection>? bind = null)
    {
        using var cmd = Command($"""
            SELECT COUNT(*), COALESCE(SUM(e.energy_kwh), 0), COALESCE(SUM(e.carbon_gco2e + e.embodied_gco2e), 0)
            FROM store_hits h LEFT JOIN ledger_entries e ON e.result_id = h.result_id AND e.kind = 'calculation' {where}
            """);
        bind?.Invoke(cmd.Parameters);
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt32(0), r.GetDouble(1), r.GetDouble(2));
    }

    public RunTotals RunTotals(long runId)
    {
        lock (_gate)
        {
            double cores, wall;
            using (var cmd = Command("SELECT cores_reserved, COALESCE(wall_seconds, 0) FROM runs WHERE id = $id"))
            {
                cmd.Parameters.AddWithValue("$id", runId);
                using var r = cmd.ExecuteReader();
                if (!r.Read())
                    throw new InvalidOperationException($"the store has no run {runId}");
                (cores, wall) = (r.GetDouble(0), r.GetDouble(1));
            }
            var byKind = Totals("kind", "WHERE run_id = $id", p => p.AddWithValue("$id", runId));
            var (hits, kwh, gco2e) = Avoided("WHERE h.run_id = $id", p => p.AddWithValue("$id", runId));
            return new RunTotals(runId, cores, wall, byKind, kwh, gco2e, hits);
        }
    }

    public LedgerSummary LedgerSummary()
    {
        lock (_gate)
        {
            var byKind = Totals("kind", "");
            var byMethod = Totals("COALESCE(program, kind) || ' ' || COALESCE(method, '')", "");
            int runs = Convert.ToInt32(Scalar(_db, "SELECT COUNT(*) FROM runs"), CultureInfo.InvariantCulture);
            var (hits, kwh, gco2e) = Avoided("");
            return new LedgerSummary(byKind, byMethod, runs, hits, kwh, gco2e);
        }
    }
}
