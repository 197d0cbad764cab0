using Microsoft.Data.Sqlite;

namespace Greenspace.Tests.Support;

/// <summary>Questions a test asks of a store file directly in SQL, independently of ResultStore's own queries.</summary>
public static class StoreFile
{
    /// <summary>How many results the store holds for each request (a request computed twice shows as 2).</summary>
    public static List<int> ResultsPerRequest(string storePath)
    {
        using var db = new SqliteConnection($"Data Source={storePath};Mode=ReadOnly;Pooling=False");
        db.Open();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM results GROUP BY request_hash";
        using var r = cmd.ExecuteReader();
        var counts = new List<int>();
        while (r.Read())
            counts.Add(r.GetInt32(0));
        return counts;
    }
}
