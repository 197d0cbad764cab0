using System.Diagnostics;
using Greenspace.Chemistry;
using Greenspace.Records;
using Greenspace.Store;
using Greenspace.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Greenspace.Tests.Store;

public class ResultStoreTests
{
    private static readonly Molecule Water = Molecule.Create([8, 1, 1],
        [new Vec3(0, 0, 0.1173), new Vec3(0, 0.7572, -0.4692), new Vec3(0, -0.7572, -0.4692)], name: "water");

    private static StoredRequest Request(Molecule m) =>
        StoredRequest.Of(new CalculationRequest(m, "xtb", "gfn2", null, Driver.Gradient), "6.5.1",
            new Dictionary<string, string> { ["acc"] = "1.0" });

    private static CalculationResult Success(double energy) => CalculationResult.Success(
        new ResultProperties
        {
            EnergyKind = EnergyKind.TotalElectronic,
            Energy = energy,
            HomoLumoGapHartree = 0.1 / 3,
            DipoleDebye = new Vec3(0.1, -0.2, 1.0 / 7),
            PartialCharges = [-0.56350193, 0.28175097, 0.28175096],
            GradientHartreePerBohr = [new Vec3(1e-17, 0, 2.9e-3), new Vec3(0, -4.4e-3, -1.47e-3), new Vec3(0, 4.4e-3, -1.47e-3)],
        },
        new Provenance("xtb", "6.5.1", "host", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow),
        new ComputeCost(0.15, 0.25, 12_000_000, "test"));

    private static CalculationResult Failure() => CalculationResult.Failure("xtb exited with code 1",
        new Provenance("xtb", "6.5.1", "host", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), new ComputeCost(0.1, 0.1, 0, "test"), "tail");

    private static string NewStorePath() => Path.Combine(TestData.NewTempDirectory(), "store.db");

    [Fact]
    public void A_saved_result_reads_back_bit_for_bit_with_its_cost_and_provenance()
    {
        using var store = ResultStore.Open(NewStorePath());
        var request = Request(Water);
        var saved = Success(-5.070370761845);
        store.Save(request, saved);
        var found = store.FindSuccess(request.Hash)!;
        Assert.Equal(saved.Properties!.Energy, found.Result.Properties!.Energy);
        Assert.Equal(saved.Properties.DipoleDebye, found.Result.Properties.DipoleDebye);
        Assert.Equal(saved.Properties.HomoLumoGapHartree, found.Result.Properties.HomoLumoGapHartree);
        Assert.Equal(saved.Properties.PartialCharges.ToArray(), found.Result.Properties.PartialCharges.ToArray());
        Assert.Equal(saved.Properties.GradientHartreePerBohr.ToArray(), found.Result.Properties.GradientHartreePerBohr.ToArray());
        Assert.Equal(saved.Cost, found.Result.Cost);
        Assert.Equal("6.5.1", found.Result.Provenance.ProgramVersion);
        Assert.Equal(Driver.Gradient, found.Driver);
        Assert.Equal("1.0", found.Keywords["acc"]);
        Assert.Equal(Water.Formula, found.Molecule.Formula);
    }

    [Fact]
    public void A_failure_is_stored_but_never_served_as_an_answer()
    {
        using var store = ResultStore.Open(NewStorePath());
        var request = Request(Water);
        store.Save(request, Failure());
        Assert.Null(store.FindSuccess(request.Hash));
        Assert.Equal(CalculationStatus.Failed, store.FindLatest(request.Hash)!.Result.Status);
        Assert.Equal(ClaimOutcome.AlreadyDone, store.TryClaim(request.Hash, TimeSpan.FromMinutes(1)));
        Assert.Equal(ClaimOutcome.Claimed, store.TryClaim(request.Hash, TimeSpan.FromMinutes(1), retryFailed: true));
        store.Save(request, Success(-5.0));
        Assert.NotNull(store.FindSuccess(request.Hash));
        Assert.Equal(1, store.Summary().Failures);
    }

    [Fact]
    public void A_claim_by_a_live_process_is_respected_and_one_by_a_dead_process_is_taken_over()
    {
        var path = NewStorePath();
        using var store = ResultStore.Open(path);
        var live = Request(Water);
        var dead = Request(Water.WithChargeAndMultiplicity(1, 2));

        using var sleeper = Process.Start("sleep", "60");
        var finished = Process.Start("true");
        finished.WaitForExit();
        try
        {
            using (var db = new SqliteConnection($"Data Source={path}"))
            {
                db.Open();
                void Claim(string hash, int pid, string start)
                {
                    using var cmd = db.CreateCommand();
                    cmd.CommandText = "INSERT INTO claims VALUES ($h, $host, $pid, $start, $at, $exp)";
                    cmd.Parameters.AddWithValue("$h", hash);
                    cmd.Parameters.AddWithValue("$host", Environment.MachineName);
                    cmd.Parameters.AddWithValue("$pid", pid);
                    cmd.Parameters.AddWithValue("$start", start);
                    cmd.Parameters.AddWithValue("$at", DateTimeOffset.UtcNow.ToString("O"));
                    cmd.Parameters.AddWithValue("$exp", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));
                    cmd.ExecuteNonQuery();
                }
                Claim(live.Hash, sleeper.Id, ResultStore.ProcessStartTime(sleeper.Id)!);
                Claim(dead.Hash, finished.Id, "12345");
            }
            Assert.Equal(ClaimOutcome.HeldByOther, store.TryClaim(live.Hash, TimeSpan.FromMinutes(1)));
            Assert.Equal(ClaimOutcome.Claimed, store.TryClaim(dead.Hash, TimeSpan.FromMinutes(1)));
            sleeper.Kill();
            sleeper.WaitForExit();
            Assert.Equal(ClaimOutcome.Claimed, store.TryClaim(live.Hash, TimeSpan.FromMinutes(1)));
        }
        finally
        {
            if (!sleeper.HasExited)
                sleeper.Kill();
        }
    }

    [Fact]
    public void The_schema_is_migrated_once_and_reopening_keeps_the_data()
    {
        var path = NewStorePath();
        var request = Request(Water);
        using (var store = ResultStore.Open(path))
        {
            Assert.Equal(Migrations.All[^1].Version, store.SchemaVersion);
            store.Save(request, Success(-5.0));
        }
        using (var again = ResultStore.Open(path))
        {
            Assert.Equal(Migrations.All[^1].Version, again.SchemaVersion);
            Assert.NotNull(again.FindSuccess(request.Hash));
        }
    }

    [Fact]
    public void A_store_made_at_schema_version_1_is_migrated_and_keeps_its_results()
    {
        var path = NewStorePath();
        var request = Request(Water);
        using (var db = new SqliteConnection($"Data Source={path}"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = Migrations.All[0].Sql + "; PRAGMA user_version = 1;";
            cmd.ExecuteNonQuery();
        }
        // A version-1 store written by hand, then opened by today's code.
        using (var v1 = new SqliteConnection($"Data Source={path}"))
        {
            v1.Open();
            using var cmd = v1.CreateCommand();
            cmd.CommandText = """
                INSERT INTO molecules VALUES ('m', 'H2O', 3, 0, 1, '[8,1,1]', '[[0,0,0.1173],[0,0.7572,-0.4692],[0,-0.7572,-0.4692]]', 'now');
                INSERT INTO requests VALUES ('r', 'm', 'xtb', '6.5', 'gfn2', NULL, 'energy', '{}', '{}', 'now');
                INSERT INTO results(request_hash, status, energy_kind, energy, properties, program, program_version, host, started_at, ended_at, creator, creator_version)
                  VALUES ('r', 'success', 'total_energy', -5.07, '{"energy_kind":"total_energy","energy":-5.07}', 'xtb', '6.5.1', 'h', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 'greenspace', '1');
                INSERT INTO costs(result_id, wall_seconds, cpu_seconds, peak_memory_bytes, meter) VALUES (1, 0.1, 0.1, 0, 'test');
                INSERT INTO store_hits(request_hash, result_id, at) VALUES ('r', 1, 'now');
                """;
            cmd.ExecuteNonQuery();
        }
        using var store = ResultStore.Open(path);
        Assert.Equal(Migrations.All[^1].Version, store.SchemaVersion);
        Assert.Equal(-5.07, store.FindSuccess("r")!.Result.Properties!.Energy);
        Assert.Equal(1, store.Summary().Hits);
        Assert.Equal(0, store.LedgerSummary().Runs);
    }

    [Fact]
    public void The_first_conformer_stored_under_a_key_wins()
    {
        using var store = ResultStore.Open(NewStorePath());
        var first = new StoredConformer("k", "O", null, "openbabel", "3.1.1", "opts", Water);
        var second = first with { Molecule = Water.WithPositions(Water.PositionsAngstrom.Select(p => p * 1.01)) };
        store.SaveConformer(first);
        var kept = store.SaveConformer(second);
        Assert.Equal(Water.PositionsAngstrom.ToArray(), kept.Molecule.PositionsAngstrom.ToArray());
    }

    [Fact]
    public void Hits_count_and_the_cpu_seconds_they_avoided_are_summed_from_the_original_costs()
    {
        using var store = ResultStore.Open(NewStorePath());
        var request = Request(Water);
        store.Save(request, Success(-5.0));
        var answer = store.FindSuccess(request.Hash)!;
        store.RecordHit(answer);
        store.RecordHit(answer);
        var s = store.Summary();
        Assert.Equal(2, s.Hits);
        Assert.Equal(0.5, s.CpuSecondsAvoided, 12);
    }
}
