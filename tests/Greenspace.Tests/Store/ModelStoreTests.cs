using Greenspace.Learning.Persistence;
using Greenspace.Store;
using Greenspace.Tests.Learning;
using Greenspace.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Greenspace.Tests.Store;

/// <summary>The store keeps models: their card, their bytes unchanged, their run and energy; the newest of a name answers to it.</summary>
public class ModelStoreTests
{
    [Fact]
    public void A_model_kept_in_the_store_comes_back_byte_for_byte_and_predicts_the_same()
    {
        var path = Path.Combine(TestData.NewTempDirectory(), "store.db");
        var model = PersistenceModels.Save(PersistenceModels.Train(RepresentationKind.BagOfBonds, 40, 10), "bob-qm7");
        var bytes = model.ToBytes();
        var card = ModelCard.Write(model);
        long first, second;
        using (var store = ResultStore.Open(path))
        {
            Assert.Equal(Migrations.All[^1].Version, store.SchemaVersion);
            first = store.SaveModel(new NewModel("bob-qm7", card, "greenspace.model/1", bytes, null, null, null, 1.5e-5));
            second = store.SaveModel(new NewModel("bob-qm7", "a later card", "greenspace.model/1", bytes, null, null, 2.0e-3, 2.5e-5));
        }
        using (var store = ResultStore.Open(path))
        {
            var byId = store.FindModel(first.ToString(System.Globalization.CultureInfo.InvariantCulture))!;
            Assert.Equal(bytes, byId.Blob);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), byId.BlobSha256);
            Assert.Equal(card, byId.Card);
            Assert.Null(byId.LabelEnergyKwh);
            Assert.Equal(1.5e-5, byId.TrainingEnergyKwh);

            var byName = store.FindModel("bob-qm7")!;
            Assert.Equal(second, byName.Id);
            Assert.Equal(2.0e-3, byName.LabelEnergyKwh);
            Assert.Null(store.FindModel("no-such-model"));
            Assert.Equal([second, first], store.ModelNames().Select(m => m.Id));

            var molecules = PersistenceModels.Spread(60).Skip(50).Select(m => m.Molecule).ToList();
            var reloaded = SavedModel.FromBytes(byName.Blob, "store");
            Assert.Equal(model.Predict(molecules).Select(p => p.Value), reloaded.Predict(molecules).Select(p => p.Value));
        }
    }

    [Fact]
    public void A_store_at_schema_version_2_gains_the_models_table_and_keeps_its_runs()
    {
        var path = Path.Combine(TestData.NewTempDirectory(), "store.db");
        using (var db = new SqliteConnection($"Data Source={path}"))
        {
            db.Open();
            using var cmd = db.CreateCommand();
            cmd.CommandText = Migrations.All[0].Sql + ";" + Migrations.All[1].Sql + """
                ; INSERT INTO runs(command, host, pid, started_at, cores_reserved, machine) VALUES ('greenspace compute', 'h', 1, 'now', 2, 'm');
                PRAGMA user_version = 2;
                """;
            cmd.ExecuteNonQuery();
        }
        using var store = ResultStore.Open(path);
        Assert.Equal(Migrations.All[^1].Version, store.SchemaVersion);
        Assert.Equal(1, store.LedgerSummary().Runs);
        Assert.Empty(store.ModelNames());
        Assert.Equal(new ResultsEnergy(0, 0, 0), store.EnergyOfResults([]));
    }
}
