namespace Greenspace.Store.Export;

/// <summary>
/// Which stored results an export takes: optionally one program and one method (compared as the
/// store keeps them, lower case), and the failures too when asked.
/// </summary>
public sealed record ExportSelection(string? Program = null, string? Method = null, bool IncludeFailures = false)
{
    public IReadOnlyList<StoredCalculation> From(ResultStore store)
    {
        var program = Program?.Trim().ToLowerInvariant();
        var method = Method?.Trim().ToLowerInvariant();
        return store.Calculations(IncludeFailures)
            .Where(c => (program is null || c.Program == program) && (method is null || c.Method == method))
            .ToList();
    }

    /// <summary>"successful results of program xtb, method gfn2", for sentences about what matched.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Program is not null)
            parts.Add($"program {Program.Trim().ToLowerInvariant()}");
        if (Method is not null)
            parts.Add($"method {Method.Trim().ToLowerInvariant()}");
        var what = IncludeFailures ? "results (successful or failed)" : "successful results";
        return parts.Count == 0 ? what : $"{what} of {string.Join(", ", parts)}";
    }
}
